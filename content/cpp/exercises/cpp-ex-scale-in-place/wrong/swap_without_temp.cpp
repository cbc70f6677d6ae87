#include <vector>

void scale(std::vector<int>& values, int factor) {
    for (int& v : values) {
        v *= factor;
    }
}

// Overwrites a before saving it, so both end up with b's value.
void swap_values(int& a, int& b) {
    a = b;
    b = a;
}

int* find_first_negative(std::vector<int>& values) {
    for (int& v : values) {
        if (v < 0) {
            return &v;
        }
    }
    return nullptr;
}
