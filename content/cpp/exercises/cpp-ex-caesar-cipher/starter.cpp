#include <iostream>
#include <string>

int main() {
    int shift = 0;
    std::cin >> shift;
    std::string message;
    // TODO: read the message line, shift every letter, print the result.
    return 0;
}
