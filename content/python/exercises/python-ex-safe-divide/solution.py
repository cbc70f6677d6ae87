import sys

for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    try:
        a = float(parts[0])
        b = float(parts[1])
        print(a / b)
    except ValueError:
        print("not a number")
    except ZeroDivisionError:
        print("cannot divide by zero")
