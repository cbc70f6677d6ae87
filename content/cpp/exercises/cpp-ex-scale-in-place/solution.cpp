#include <vector>

// Multiplies every element of values by factor, changing the caller's vector.
void scale(std::vector<int>& values, int factor) {
    for (int& v : values) {
        v *= factor;
    }
}

// Exchanges the values of the two variables it is given.
void swap_values(int& a, int& b) {
    int old_a = a;
    a = b;
    b = old_a;
}

// Returns a pointer to the first negative element of values, or nullptr if there is none.
int* find_first_negative(std::vector<int>& values) {
    for (int& v : values) {
        if (v < 0) {
            return &v;
        }
    }
    return nullptr;
}
