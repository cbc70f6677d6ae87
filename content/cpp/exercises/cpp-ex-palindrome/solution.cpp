#include <cctype>
#include <string>

// Returns true when text reads the same both ways, ignoring case and anything that
// is not a letter or a digit.
bool is_palindrome(const std::string& text) {
    std::string cleaned;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            cleaned += static_cast<char>(std::tolower(u));
        }
    }
    std::size_t n = cleaned.size();
    for (std::size_t i = 0; i < n / 2; i++) {
        if (cleaned[i] != cleaned[n - 1 - i]) {
            return false;
        }
    }
    return true;
}
