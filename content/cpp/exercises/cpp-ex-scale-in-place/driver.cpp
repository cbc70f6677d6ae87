#include <iostream>
#include <string>
#include <vector>

#include "solution.hpp"

void print(const std::string& label, const std::vector<int>& values) {
    std::cout << label << ":";
    for (int v : values) {
        std::cout << ' ' << v;
    }
    std::cout << "\n";
}

int main() {
    int factor = 1;
    std::cin >> factor;
    std::vector<int> values;
    int v = 0;
    while (std::cin >> v) {
        values.push_back(v);
    }

    scale(values, factor);
    print("scaled", values);

    if (values.size() >= 2) {
        swap_values(values.front(), values.back());
        print("swapped", values);
    }

    int* negative = find_first_negative(values);
    if (negative == nullptr) {
        std::cout << "no negatives\n";
    } else {
        std::cout << "first negative: " << *negative << "\n";
        *negative = 0;
        print("cleared", values);
    }
    return 0;
}
