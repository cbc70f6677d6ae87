import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        List<Integer> ids = new ArrayList<>();
        while (in.hasNextInt()) {
            ids.add(in.nextInt());
        }
        List<Integer> original = new ArrayList<>(ids);
        List<Integer> result = Solution.dedupe(ids);
        if (!ids.equals(original)) {
            System.out.println("the input list was changed");
        }
        if (result == null || result.isEmpty()) {
            System.out.println("(empty)");
            return;
        }
        StringBuilder line = new StringBuilder();
        for (Integer id : result) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(id);
        }
        System.out.println(line);
    }
}
