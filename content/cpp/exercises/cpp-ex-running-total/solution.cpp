#include <iostream>

int main() {
    int value = 0;
    int count = 0;
    long long sum = 0;
    int largest = 0;
    while (std::cin >> value) {
        if (count == 0 || value > largest) {
            largest = value;
        }
        sum += value;
        count++;
    }
    std::cout << "count: " << count << "\n";
    std::cout << "sum: " << sum << "\n";
    if (count == 0) {
        std::cout << "max: none\n";
    } else {
        std::cout << "max: " << largest << "\n";
    }
    return 0;
}
