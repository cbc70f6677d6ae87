import sys

from solution import *

for line in sys.stdin:
    print("yes" if is_palindrome(line.rstrip("\n")) is True else "no")
