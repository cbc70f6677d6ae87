def even_squares(numbers):
    return [n * 2 for n in numbers if n % 2 == 0]


def word_lengths(words):
    return {w: len(w) for w in words}
