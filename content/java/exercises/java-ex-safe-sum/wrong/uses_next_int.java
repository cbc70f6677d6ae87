import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int total = 0;
        while (in.hasNextInt()) {
            total += in.nextInt();
        }
        System.out.println("total: " + total);
    }
}
