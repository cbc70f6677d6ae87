#include <iostream>
#include <string>

int main() {
    int shift = 0;
    std::cin >> shift;
    std::cin >> std::ws;
    std::string message;
    std::getline(std::cin, message);

    int k = ((shift % 26) + 26) % 26;
    for (char& c : message) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>('a' + (c - 'a' + k) % 26);
        } else if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>('A' + (c - 'A' + k) % 26);
        }
    }
    std::cout << message << "\n";
    return 0;
}
