import java.util.*;

public class Main {
    public static void main(String[] args) {
        int x = "hello";
        List<String> xs = new ArrayList<>();
        xs.add(1);
        System.out.println(y);
    }
}
