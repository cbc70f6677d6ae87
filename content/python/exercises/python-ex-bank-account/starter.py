class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        # TODO: add amount to the balance; raise ValueError if amount is not positive
        pass

    def withdraw(self, amount):
        # TODO: take amount from the balance; raise ValueError if it is not allowed
        pass
