#include <iostream>
#include <stdexcept>
#include <string>

int main() {
    std::string line;
    int line_number = 0;
    int valid = 0;
    long long sum = 0;
    while (std::getline(std::cin, line)) {
        line_number++;
        try {
            std::size_t used = 0;
            int value = std::stoi(line, &used);
            if (used != line.size()) {
                throw std::invalid_argument("trailing characters");
            }
            sum += value;
            valid++;
        } catch (const std::exception&) {
            std::cout << "line " << line_number << ": not a number\n";
        }
    }
    std::cout << "valid: " << valid << "\n";
    std::cout << "sum: " << sum << "\n";
    return 0;
}
