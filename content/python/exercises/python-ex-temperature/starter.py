def celsius_to_fahrenheit(c):
    # TODO: return c converted to Fahrenheit
    pass


def describe(c):
    # TODO: return "freezing", "cold", "mild" or "hot"
    pass
