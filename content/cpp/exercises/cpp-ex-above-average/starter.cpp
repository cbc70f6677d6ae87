#include <iomanip>
#include <iostream>
#include <vector>

int main() {
    int n = 0;
    std::cin >> n;
    std::vector<int> values(n);
    // TODO: read the values, compute the average, and print the two lines.
    return 0;
}
