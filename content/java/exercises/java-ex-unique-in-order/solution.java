import java.util.ArrayList;
import java.util.List;

public class Solution {
    public static List<Integer> dedupe(List<Integer> ids) {
        List<Integer> result = new ArrayList<>();
        for (Integer id : ids) {
            if (!result.contains(id)) {
                result.add(id);
            }
        }
        return result;
    }
}
