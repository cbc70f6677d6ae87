import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLong()) {
            long base = in.nextLong();
            int exp = in.nextInt();
            System.out.println(Solution.power(base, exp));
        }
    }
}
