def even_squares(numbers):
    # TODO: one list comprehension
    return []


def word_lengths(words):
    # TODO: one dict comprehension
    return {}
