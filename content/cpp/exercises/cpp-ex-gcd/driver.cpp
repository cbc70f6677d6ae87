#include <iostream>

#include "solution.hpp"

int main() {
    long long a = 0;
    long long b = 0;
    while (std::cin >> a >> b) {
        std::cout << "gcd=" << gcd(a, b) << " lcm=" << lcm(a, b) << "\n";
    }
    return 0;
}
