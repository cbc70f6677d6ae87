#include <stdexcept>

// Throws std::runtime_error for every problem, so callers can't tell a typo from an empty account.
class BankAccount {
public:
    explicit BankAccount(long long opening_cents) : balance_(opening_cents) {
        if (opening_cents < 0) {
            throw std::runtime_error("opening balance cannot be negative");
        }
    }

    void deposit(long long cents) {
        if (cents <= 0) {
            throw std::runtime_error("deposit must be positive");
        }
        balance_ += cents;
    }

    void withdraw(long long cents) {
        if (cents <= 0) {
            throw std::runtime_error("withdrawal must be positive");
        }
        if (cents > balance_) {
            throw std::runtime_error("insufficient funds");
        }
        balance_ -= cents;
    }

    long long balance() const { return balance_; }

private:
    long long balance_;
};
