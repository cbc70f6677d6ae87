#include <iostream>
int main() {
    int unused;
    int x = 5;
    if (x = 3) std::cout << "three\n";
    return 0;
}
