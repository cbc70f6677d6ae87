#include <stdexcept>

class BankAccount {
public:
    explicit BankAccount(long long opening_cents) : balance_(opening_cents) {
        // TODO: refuse a negative opening balance.
    }

    void deposit(long long cents) {
        // TODO
    }

    void withdraw(long long cents) {
        // TODO
    }

    long long balance() const { return balance_; }

private:
    long long balance_;
};
