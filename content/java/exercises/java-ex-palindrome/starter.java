import java.util.Scanner;

public class Main {
    static boolean isPalindrome(String line) {
        // TODO: keep only letters and digits in lower case, then compare with the reverse
        return false;
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLine()) {
            String line = in.nextLine();
            System.out.println(isPalindrome(line) ? "yes" : "no");
        }
    }
}
