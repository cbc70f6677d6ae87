import java.util.ArrayList;
import java.util.List;

public class Solution {
    public static List<Integer> dedupe(List<Integer> ids) {
        List<Integer> result = new ArrayList<>();
        // TODO: add each id to result the first time you see it
        return result;
    }
}
