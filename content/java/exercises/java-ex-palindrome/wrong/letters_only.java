import java.util.Scanner;

public class Main {
    static boolean isPalindrome(String line) {
        StringBuilder cleaned = new StringBuilder();
        for (char c : line.toLowerCase().toCharArray()) {
            if (Character.isLetter(c)) {
                cleaned.append(c);
            }
        }
        String forward = cleaned.toString();
        return forward.equals(cleaned.reverse().toString());
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLine()) {
            String line = in.nextLine();
            System.out.println(isPalindrome(line) ? "yes" : "no");
        }
    }
}
