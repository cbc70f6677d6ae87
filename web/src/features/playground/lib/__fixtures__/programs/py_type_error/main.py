def greet(name):
    return "hi " + name

print(greet("a"))
print(greet(3))
