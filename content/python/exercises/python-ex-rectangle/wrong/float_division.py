width = float(input())
height = float(input())
print(f"Area: {width * height}")
print(f"Perimeter: {2 * (width + height)}")
