#include <iostream>
#include <string>

#include "solution.hpp"

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        std::cout << (is_palindrome(line) ? "yes" : "no") << "\n";
    }
    return 0;
}
