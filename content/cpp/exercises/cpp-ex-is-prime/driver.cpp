#include <iostream>

#include "solution.hpp"

int main() {
    long long n = 0;
    while (std::cin >> n) {
        std::cout << n << (is_prime(n) ? " is prime" : " is not prime") << "\n";
    }
    return 0;
}
