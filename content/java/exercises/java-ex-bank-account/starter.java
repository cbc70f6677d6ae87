import java.util.HashMap;
import java.util.Map;
import java.util.Scanner;

class Account {
    // TODO: add a private field for the balance

    boolean deposit(int amount) {
        // TODO
        return false;
    }

    boolean withdraw(int amount) {
        // TODO
        return false;
    }

    int getBalance() {
        // TODO
        return 0;
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
