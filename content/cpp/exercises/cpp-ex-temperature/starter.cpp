#include <iomanip>
#include <iostream>

int main() {
    double celsius = 0.0;
    std::cin >> celsius;
    // TODO: convert celsius to Fahrenheit and print it with one decimal digit.
    return 0;
}
