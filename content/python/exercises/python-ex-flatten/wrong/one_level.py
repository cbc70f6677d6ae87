def flatten(nested):
    result = []
    for element in nested:
        if isinstance(element, list):
            result.extend(element)
        else:
            result.append(element)
    return result
