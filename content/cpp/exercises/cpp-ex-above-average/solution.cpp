#include <iomanip>
#include <iostream>
#include <vector>

int main() {
    int n = 0;
    std::cin >> n;
    std::vector<int> values(n);
    long long sum = 0;
    for (int i = 0; i < n; i++) {
        std::cin >> values[i];
        sum += values[i];
    }
    double average = static_cast<double>(sum) / n;

    std::cout << "average: " << std::fixed << std::setprecision(2) << average << "\n";
    std::cout << "above:";
    bool any = false;
    for (int v : values) {
        if (v > average) {
            std::cout << ' ' << v;
            any = true;
        }
    }
    if (!any) {
        std::cout << " none";
    }
    std::cout << "\n";
    return 0;
}
