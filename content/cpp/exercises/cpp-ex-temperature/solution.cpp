#include <iomanip>
#include <iostream>

int main() {
    double celsius = 0.0;
    std::cin >> celsius;
    double fahrenheit = celsius * 9.0 / 5.0 + 32.0;
    std::cout << std::fixed << std::setprecision(1) << fahrenheit << "\n";
    return 0;
}
