#include <iostream>
#include <string>
#include <vector>

#include "greeting.h"

int main() {
    std::vector<std::string> names;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty()) {
            names.push_back(line);
        }
    }
    if (names.empty()) {
        names.push_back("world");
    }
    for (const auto& name : names) {
        std::cout << greet(name) << '\n';
    }
    return 0;
}
