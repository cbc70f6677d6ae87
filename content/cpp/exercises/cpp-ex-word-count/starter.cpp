#include <cctype>
#include <iostream>
#include <map>
#include <string>

int main() {
    std::map<std::string, int> counts;
    std::string token;
    while (std::cin >> token) {
        // TODO: clean the token and count it.
    }
    // TODO: print each word and its count.
    return 0;
}
