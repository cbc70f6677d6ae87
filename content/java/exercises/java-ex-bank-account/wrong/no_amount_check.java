import java.util.HashMap;
import java.util.Map;
import java.util.Scanner;

class Account {
    private int balance;

    boolean deposit(int amount) {
        balance += amount;
        return true;
    }

    boolean withdraw(int amount) {
        if (amount > balance) {
            return false;
        }
        balance -= amount;
        return true;
    }

    int getBalance() {
        return balance;
    }
}

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        Map<String, Account> accounts = new HashMap<>();
        while (in.hasNext()) {
            String command = in.next();
            String name = in.next();
            if (command.equals("open")) {
                accounts.put(name, new Account());
                System.out.println("opened " + name);
                continue;
            }
            Account account = accounts.get(name);
            boolean ok = true;
            if (command.equals("deposit")) {
                ok = account.deposit(in.nextInt());
            } else if (command.equals("withdraw")) {
                ok = account.withdraw(in.nextInt());
            }
            System.out.println(ok ? name + ": " + account.getBalance() : "refused");
        }
    }
}
