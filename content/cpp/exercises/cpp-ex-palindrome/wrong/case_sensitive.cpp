#include <cctype>
#include <string>

// Skips punctuation but forgets that 'N' and 'n' are the same letter.
bool is_palindrome(const std::string& text) {
    std::string cleaned;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            cleaned += c;
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
