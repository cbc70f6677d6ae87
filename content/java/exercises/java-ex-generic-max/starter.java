import java.util.List;

public class Solution {
    public static <T extends Comparable<T>> T maxOf(List<T> items) {
        // TODO: return the greatest item, or null for an empty list
        return null;
    }
}
