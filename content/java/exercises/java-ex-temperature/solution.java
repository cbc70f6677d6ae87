import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int celsius = in.nextInt();
        double fahrenheit = celsius * 9.0 / 5 + 32;
        System.out.printf("%.1f%n", fahrenheit);
    }
}
