import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int total = 0;
        int lineNumber = 0;
        while (in.hasNextLine()) {
            String line = in.nextLine().trim();
            lineNumber++;
            try {
                total += Integer.parseInt(line);
            } catch (NumberFormatException e) {
                System.out.println("skipped line " + lineNumber + ": " + line);
            }
        }
        System.out.println("total: " + total);
    }
}
