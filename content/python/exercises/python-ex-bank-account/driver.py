import sys

from solution import *

account = None
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    command = parts[0]
    if command == "open":
        if len(parts) > 2:
            account = BankAccount(parts[1], int(parts[2]))
        else:
            account = BankAccount(parts[1])
        print(f"opened for {account.owner}")
    elif command in ("deposit", "withdraw"):
        amount = int(parts[1])
        try:
            getattr(account, command)(amount)
            print(f"{command} {amount}: ok")
        except ValueError:
            print(f"{command} {amount}: refused")
    elif command == "balance":
        print(f"balance: {account.balance}")
