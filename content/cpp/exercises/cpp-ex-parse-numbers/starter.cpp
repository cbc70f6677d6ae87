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
        // TODO: convert the line with std::stoi and report bad lines.
    }
    std::cout << "valid: " << valid << "\n";
    std::cout << "sum: " << sum << "\n";
    return 0;
}
