#include <iostream>
#include <stdexcept>
#include <string>

#include "solution.hpp"

// Formats cents as a decimal amount, e.g. 1550 -> "15.50".
std::string money(long long cents) {
    std::string sign = cents < 0 ? "-" : "";
    long long whole = cents < 0 ? -cents : cents;
    std::string fraction = std::to_string(whole % 100);
    if (fraction.size() < 2) {
        fraction = "0" + fraction;
    }
    return sign + std::to_string(whole / 100) + "." + fraction;
}

int main() {
    long long opening = 0;
    std::cin >> opening;
    try {
        BankAccount account(opening);
        std::cout << "opened: " << money(account.balance()) << "\n";

        std::string command;
        while (std::cin >> command) {
            try {
                if (command == "balance") {
                    std::cout << "balance: " << money(account.balance()) << "\n";
                    continue;
                }
                long long amount = 0;
                std::cin >> amount;
                if (command == "deposit") {
                    account.deposit(amount);
                } else {
                    account.withdraw(amount);
                }
                std::cout << "ok\n";
            } catch (const std::invalid_argument&) {
                std::cout << "rejected: invalid amount\n";
            } catch (const std::runtime_error&) {
                std::cout << "rejected: insufficient funds\n";
            } catch (...) {
                std::cout << "rejected: unexpected error\n";
            }
        }
    } catch (const std::invalid_argument&) {
        std::cout << "rejected: invalid opening balance\n";
    } catch (...) {
        std::cout << "rejected: unexpected error\n";
    }
    return 0;
}
