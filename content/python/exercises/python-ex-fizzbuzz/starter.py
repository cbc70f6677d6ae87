n = int(input())
# TODO: print 1..n, replacing multiples of 3 and 5
