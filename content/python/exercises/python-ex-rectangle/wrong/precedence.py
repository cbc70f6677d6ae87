width = int(input())
height = int(input())
print(f"Area: {width * height}")
print(f"Perimeter: {width + height * 2}")
