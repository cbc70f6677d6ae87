#include <iostream>

int main() {
    int x = 1;
    std::cout << x << std::endl
    return 0;
}
