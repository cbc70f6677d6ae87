#include <iostream>
#include <string>

int main() {
    int shift = 0;
    std::cin >> shift;
    std::cin >> std::ws;
    std::string message;
    std::getline(std::cin, message);

    // Wraps with % 26 but forgets that % keeps the sign of a negative number.
    for (char& c : message) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>('a' + (c - 'a' + shift) % 26);
        } else if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>('A' + (c - 'A' + shift) % 26);
        }
    }
    std::cout << message << "\n";
    return 0;
}
