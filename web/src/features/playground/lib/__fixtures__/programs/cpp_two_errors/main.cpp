#include <iostream>
#include <string>

int main() {
    std::string s = 42;
    undeclared(s);
    return 0;
}
