#include <iomanip>
#include <iostream>

int main() {
    double celsius = 0.0;
    std::cin >> celsius;
    double fahrenheit = 9 / 5 * celsius + 32;
    std::cout << std::fixed << std::setprecision(1) << fahrenheit << "\n";
    return 0;
}
