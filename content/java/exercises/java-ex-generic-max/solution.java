import java.util.List;

public class Solution {
    public static <T extends Comparable<T>> T maxOf(List<T> items) {
        if (items.isEmpty()) {
            return null;
        }
        T best = items.get(0);
        for (T item : items) {
            if (item.compareTo(best) > 0) {
                best = item;
            }
        }
        return best;
    }
}
