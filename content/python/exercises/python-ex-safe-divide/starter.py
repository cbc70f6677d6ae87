import sys

for line in sys.stdin:
    a, b = line.split()
    # TODO: print a divided by b, handling bad input
