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
            unsigned char u = static_cast<unsigned char>(c);
            if (std::isalpha(u)) {
                word += static_cast<char>(std::tolower(u));
            }
        }
        counts[word]++;
    }
    for (const auto& [word, count] : counts) {
        std::cout << word << ' ' << count << '\n';
    }
    return 0;
}
