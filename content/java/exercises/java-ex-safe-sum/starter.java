import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int total = 0;
        int lineNumber = 0;
        while (in.hasNextLine()) {
            String line = in.nextLine().trim();
            lineNumber++;
            // TODO: add the number on this line to total, or report the line as skipped
        }
        System.out.println("total: " + total);
    }
}
