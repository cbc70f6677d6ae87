#include <iostream>
#include <string>

int main() {
    std::string name;
    // TODO: read the first line of input into name,
    // then print the greeting described in the statement.
    return 0;
}
