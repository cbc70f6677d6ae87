public class Solution {
    public static String reverseWords(String line) {
        return new StringBuilder(line.trim()).reverse().toString();
    }
}
