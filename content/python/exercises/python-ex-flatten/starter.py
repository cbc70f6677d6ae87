def flatten(nested):
    result = []
    # TODO: add every non-list element of nested (at any depth) to result
    return result
