import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int celsius = in.nextInt();
        double fahrenheit = 0; // TODO: apply the formula
        System.out.printf("%.1f%n", fahrenheit);
    }
}
