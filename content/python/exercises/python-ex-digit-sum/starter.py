n = int(input())
total = 0
# TODO: add up the digits of n
print(total)
