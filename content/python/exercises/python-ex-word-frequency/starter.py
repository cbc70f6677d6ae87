words = input().split()
counts = {}
# TODO: count the words (ignoring case) and print each with its count
