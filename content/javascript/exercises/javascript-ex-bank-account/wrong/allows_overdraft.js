// Never checks the balance, so accounts can go below zero.
class InsufficientFundsError extends Error {
  constructor(message) {
    super(message);
    this.name = "InsufficientFundsError";
  }
}

class BankAccount {
  constructor(owner, initialBalance = 0) {
    this.owner = owner;
    this._balance = initialBalance;
  }

  get balance() {
    return this._balance;
  }

  deposit(amount) {
    if (!(amount > 0)) throw new RangeError("amount must be positive");
    this._balance += amount;
    return this._balance;
  }

  withdraw(amount) {
    if (!(amount > 0)) throw new RangeError("amount must be positive");
    this._balance -= amount;
    return this._balance;
  }
}

module.exports = { BankAccount, InsufficientFundsError };
