import sys

from solution import *

for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    c = float(line)
    print(f"{celsius_to_fahrenheit(c):.1f} {describe(c)}")
