import java.util.List;

public class Solution {
    public static List<Integer> dedupe(List<Integer> ids) {
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (ids.indexOf(ids.get(i)) < i) {
                ids.remove(i);
            }
        }
        return ids;
    }
}
