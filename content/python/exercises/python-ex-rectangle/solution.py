width = int(input())
height = int(input())
print(f"Area: {width * height}")
print(f"Perimeter: {2 * (width + height)}")
