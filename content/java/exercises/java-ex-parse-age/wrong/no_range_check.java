public class Solution {
    public static int parseAge(String text) {
        return Integer.parseInt(text.trim());
    }
}
