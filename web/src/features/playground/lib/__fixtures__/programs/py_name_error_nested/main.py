def f():
    return undefined_name

def g():
    return f()

g()
