// Throws a plain Error with a helpful message instead of the custom error class.
class InsufficientFundsError extends Error {}

class BankAccount {
  #balance;

  constructor(owner, initialBalance = 0) {
    this.owner = owner;
    this.#balance = initialBalance;
  }

  get balance() {
    return this.#balance;
  }

  deposit(amount) {
    if (!(amount > 0)) throw new RangeError("amount must be positive");
    this.#balance += amount;
    return this.#balance;
  }

  withdraw(amount) {
    if (!(amount > 0)) throw new RangeError("amount must be positive");
    if (amount > this.#balance) throw new Error("Insufficient funds");
    this.#balance -= amount;
    return this.#balance;
  }
}

module.exports = { BankAccount, InsufficientFundsError };
