#include <iostream>

int main() {
    // TODO: read every number, then print count, sum and max.
    std::cout << "count: 0\n";
    return 0;
}
