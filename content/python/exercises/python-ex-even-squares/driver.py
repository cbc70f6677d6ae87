import sys

from solution import *

lines = sys.stdin.read().split("\n")
numbers = [int(token) for token in lines[0].split()]
words = lines[1].split() if len(lines) > 1 else []

print(even_squares(numbers))
lengths = word_lengths(words)
for word in sorted(lengths):
    print(word, lengths[word])
