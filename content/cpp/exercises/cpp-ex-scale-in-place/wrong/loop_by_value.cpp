#include <vector>

// The loop variable is a copy, so scale changes nothing.
void scale(std::vector<int>& values, int factor) {
    for (int v : values) {
        v *= factor;
    }
}

void swap_values(int& a, int& b) {
    int old_a = a;
    a = b;
    b = old_a;
}

int* find_first_negative(std::vector<int>& values) {
    for (int& v : values) {
        if (v < 0) {
            return &v;
        }
    }
    return nullptr;
}
