name = input()
# TODO: print the greeting, e.g. Hello, Ada!
