import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int celsius = in.nextInt();
        int fahrenheit = celsius * 9 / 5 + 32;
        System.out.println(fahrenheit);
    }
}
