import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLine()) {
            String line = in.nextLine();
            try {
                int age = Solution.parseAge(line);
                System.out.println("ok: " + age);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    System.out.println("rejected without a message");
                } else {
                    System.out.println("rejected");
                }
            }
        }
    }
}
