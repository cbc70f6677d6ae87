import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

public class Solution {
    public static List<Integer> dedupe(List<Integer> ids) {
        Set<Integer> unique = new HashSet<>(ids);
        return new ArrayList<>(unique);
    }
}
