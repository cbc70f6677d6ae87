#include <stdexcept>

// Changes the balance first and checks afterwards, so a refused withdrawal still takes money.
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
        balance_ -= cents;
        if (balance_ < 0) {
            throw std::runtime_error("insufficient funds");
        }
    }

    long long balance() const { return balance_; }

private:
    long long balance_;
};
