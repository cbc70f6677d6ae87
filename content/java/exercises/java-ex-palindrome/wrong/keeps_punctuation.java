import java.util.Scanner;

public class Main {
    static boolean isPalindrome(String line) {
        String cleaned = line.toLowerCase().replace(" ", "");
        String reversed = new StringBuilder(cleaned).reverse().toString();
        return cleaned.equals(reversed);
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLine()) {
            String line = in.nextLine();
            System.out.println(isPalindrome(line) ? "yes" : "no");
        }
    }
}
