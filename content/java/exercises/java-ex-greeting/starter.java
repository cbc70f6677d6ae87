import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        // TODO: read the visitor's name from the input and greet them by name.
        System.out.println("Hello, world!");
    }
}
