#include <cctype>
#include <string>

// Lowercases everything but still compares spaces and punctuation.
bool is_palindrome(const std::string& text) {
    std::string cleaned;
    for (char c : text) {
        cleaned += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::size_t n = cleaned.size();
    for (std::size_t i = 0; i < n / 2; i++) {
        if (cleaned[i] != cleaned[n - 1 - i]) {
            return false;
        }
    }
    return true;
}
