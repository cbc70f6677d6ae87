numbers = [int(part) for part in input().split()]
print(f"min: {min(numbers)}")
print(f"max: {max(numbers)}")
print(f"average: {sum(numbers) / len(numbers):.2f}")
