#include <cctype>
#include <iostream>
#include <map>
#include <string>

int main() {
    std::map<std::string, int> counts;
    std::string token;
    while (std::cin >> token) {
        std::string word;
        for (char c : token) {
            if (std::isalpha(static_cast<unsigned char>(c))) {
                word += c;
            }
        }
        if (!word.empty()) {
            counts[word]++;
        }
    }
    for (const auto& [word, count] : counts) {
        std::cout << word << ' ' << count << '\n';
    }
    return 0;
}
