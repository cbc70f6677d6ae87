#include <iostream>
#include <string>

int main() {
    int shift = 0;
    std::cin >> shift;
    std::cin >> std::ws;
    std::string message;
    std::getline(std::cin, message);

    // Handles lowercase letters correctly but forgets uppercase ones.
    int k = ((shift % 26) + 26) % 26;
    for (char& c : message) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>('a' + (c - 'a' + k) % 26);
        }
    }
    std::cout << message << "\n";
    return 0;
}
