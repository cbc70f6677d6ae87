#include <stdexcept>

// Uses >= where > is meant, so the whole balance can never be withdrawn.
class BankAccount {
public:
    explicit BankAccount(long long opening_cents) : balance_(opening_cents) {
        if (opening_cents < 0) {
            throw std::invalid_argument("opening balance cannot be negative");
        }
    }

    void deposit(long long cents) {
        if (cents <= 0) {
            throw std::invalid_argument("deposit must be positive");
        }
        balance_ += cents;
    }

    void withdraw(long long cents) {
        if (cents <= 0) {
            throw std::invalid_argument("withdrawal must be positive");
        }
        if (cents >= balance_) {
            throw std::runtime_error("insufficient funds");
        }
        balance_ -= cents;
    }

    long long balance() const { return balance_; }

private:
    long long balance_;
};
