#include <cctype>
#include <string>

// Returns true when text reads the same both ways, ignoring case and anything that
// is not a letter or a digit.
bool is_palindrome(const std::string& text) {
    // TODO
    return false;
}
