#include <vector>
#include <iostream>
int main() {
    std::vector<int> v;
    v.push_back("x");
    std::cout << v[0];
}
