import java.util.ArrayList;
import java.util.List;

public class Solution {
    public static List<Integer> dedupe(List<Integer> ids) {
        List<Integer> result = new ArrayList<>();
        for (Integer id : ids) {
            boolean seen = false;
            for (Integer kept : result) {
                if (kept == id) {
                    seen = true;
                }
            }
            if (!seen) {
                result.add(id);
            }
        }
        return result;
    }
}
