parts = input().split()
# TODO: turn the parts into numbers and print min, max and average
