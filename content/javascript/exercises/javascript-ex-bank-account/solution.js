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

  static #checkAmount(amount) {
    if (typeof amount !== "number" || !(amount > 0)) {
      throw new RangeError(`amount must be a number greater than 0, got ${amount}`);
    }
  }

  deposit(amount) {
    BankAccount.#checkAmount(amount);
    this.#balance += amount;
    return this.#balance;
  }

  withdraw(amount) {
    BankAccount.#checkAmount(amount);
    if (amount > this.#balance) {
      throw new InsufficientFundsError(`cannot withdraw ${amount}, balance is ${this.#balance}`);
    }
    this.#balance -= amount;
    return this.#balance;
  }
}

module.exports = { BankAccount, InsufficientFundsError };
