#include <iostream>
#include <string>

#include "solution.hpp"

int main() {
    long long a = 0, b = 1, c = 0, d = 1;
    char slash1 = 0, op = 0, slash2 = 0;
    while (std::cin >> a >> slash1 >> b >> op >> c >> slash2 >> d) {
        const Fraction left(a, b);
        const Fraction right(c, d);
        const Fraction result = op == '*' ? left.times(right) : left.plus(right);
        std::cout << result.to_string() << "\n";
    }
    return 0;
}
