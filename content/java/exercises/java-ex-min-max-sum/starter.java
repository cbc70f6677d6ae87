import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt();
        // TODO: read the n numbers and keep track of their sum, minimum and maximum
        System.out.println("sum: " + 0);
        System.out.println("min: " + 0);
        System.out.println("max: " + 0);
    }
}
