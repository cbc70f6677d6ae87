def greet(name: str) -> str:
    """Returns a friendly greeting for `name`."""
    return f"Hello, {name}!"
