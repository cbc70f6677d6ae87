import sys

for line in sys.stdin:
    a, b = line.split()
    try:
        print(float(a) / float(b))
    except Exception:
        print("cannot divide by zero")
