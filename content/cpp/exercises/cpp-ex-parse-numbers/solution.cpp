#include <iostream>
#include <stdexcept>
#include <string>

// Converts the whole of text to an int; throws std::invalid_argument if anything is left over.
int parse_whole_int(const std::string& text) {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used != text.size()) {
        throw std::invalid_argument("trailing characters");
    }
    return value;
}

int main() {
    std::string line;
    int line_number = 0;
    int valid = 0;
    long long sum = 0;
    while (std::getline(std::cin, line)) {
        line_number++;
        try {
            sum += parse_whole_int(line);
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
