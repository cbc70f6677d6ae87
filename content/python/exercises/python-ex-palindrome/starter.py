def is_palindrome(text):
    # TODO: return True if text reads the same backwards (ignoring case and punctuation)
    return False
