parts = input().split()
total = 0
for part in parts:
    total += int(part)
print(f"min: {min(parts)}")
print(f"max: {max(parts)}")
print(f"average: {total / len(parts):.2f}")
