// Checks `amount <= 0`, which is false for NaN, so NaN poisons the balance.
class InsufficientFundsError extends Error {
  constructor(message) {
    super(message);
    this.name = "InsufficientFundsError";
  }
}

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
    if (amount <= 0) throw new RangeError("amount must be positive");
    this.#balance += amount;
    return this.#balance;
  }

  withdraw(amount) {
    if (amount <= 0) throw new RangeError("amount must be positive");
    if (amount > this.#balance) throw new InsufficientFundsError("not enough money");
    this.#balance -= amount;
    return this.#balance;
  }
}

module.exports = { BankAccount, InsufficientFundsError };
