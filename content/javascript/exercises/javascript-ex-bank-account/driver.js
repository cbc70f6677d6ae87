// Test driver: runs commands from stdin ("open NAME [AMOUNT]", "deposit X", "withdraw X", "balance").
const { BankAccount, InsufficientFundsError } = require("./solution.js");

const describeError = (err) => {
  if (!(err instanceof Error)) return "threw something that is not an Error";
  if (err.name === "InsufficientFundsError") {
    if (typeof InsufficientFundsError !== "function" || !(err instanceof InsufficientFundsError)) {
      return "an error named InsufficientFundsError that is not an instance of the exported class";
    }
  }
  return err.name;
};

let account = null;
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
for (const line of lines) {
  const [cmd, arg1, arg2] = line.trim().split(/\s+/);
  let result;
  try {
    if (cmd === "open") {
      account = arg2 === undefined ? new BankAccount(arg1) : new BankAccount(arg1, Number(arg2));
      result = `${account.owner} has ${account.balance}`;
    } else if (cmd === "deposit") {
      result = account.deposit(Number(arg1));
    } else if (cmd === "withdraw") {
      result = account.withdraw(Number(arg1));
    } else if (cmd === "balance") {
      result = account.balance;
    }
  } catch (err) {
    result = describeError(err);
  }
  console.log(`${line.trim()} -> ${result}`);
}
