width = input()
height = input()
# TODO: print "Area: ..." and "Perimeter: ..."
