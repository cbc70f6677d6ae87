def celsius_to_fahrenheit(c):
    return c * 5 / 9 + 32


def describe(c):
    if c <= 0:
        return "freezing"
    elif c < 15:
        return "cold"
    elif c < 25:
        return "mild"
    else:
        return "hot"
