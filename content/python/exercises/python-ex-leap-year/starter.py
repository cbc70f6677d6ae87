year = int(input())
# TODO: decide whether year is a leap year
print(f"{year} is not a leap year")
