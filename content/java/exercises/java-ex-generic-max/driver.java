import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        while (in.hasNextLine()) {
            String[] parts = in.nextLine().trim().split("\\s+");
            if (parts[0].equals("ints")) {
                List<Integer> items = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    items.add(Integer.parseInt(parts[i]));
                }
                print(Solution.maxOf(items));
            } else if (parts[0].equals("words")) {
                List<String> items = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    items.add(parts[i]);
                }
                print(Solution.maxOf(items));
            }
        }
    }

    static void print(Object value) {
        System.out.println(value == null ? "none" : value.toString());
    }
}
