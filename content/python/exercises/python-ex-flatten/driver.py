import ast
import sys

from solution import *

for line in sys.stdin:
    line = line.strip()
    if line:
        print(flatten(ast.literal_eval(line)))
