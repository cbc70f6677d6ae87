class InsufficientFundsError extends Error {
  // TODO: give the error its own name.
}

class BankAccount {
  constructor(owner, initialBalance = 0) {
    // TODO: store the owner and the balance.
  }

  // TODO: a `balance` getter, deposit(amount) and withdraw(amount).
}

module.exports = { BankAccount, InsufficientFundsError };
