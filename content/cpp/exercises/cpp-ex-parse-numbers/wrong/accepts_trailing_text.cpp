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
            sum += std::stoi(line);   // "7x" quietly becomes 7
            valid++;
        } catch (const std::out_of_range&) {
            std::cout << "line " << line_number << ": out of range\n";
        } catch (const std::invalid_argument&) {
            std::cout << "line " << line_number << ": not a number\n";
        }
    }
    std::cout << "valid: " << valid << "\n";
    std::cout << "sum: " << sum << "\n";
    return 0;
}
