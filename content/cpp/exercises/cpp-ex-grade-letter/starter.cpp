#include <iostream>

int main() {
    int score = 0;
    std::cin >> score;
    // TODO: print A, B, C, D, F or invalid.
    return 0;
}
