public class Solution {
    public static String reverseWords(String line) {
        String[] words = line.trim().split("\\s+");
        StringBuilder result = new StringBuilder();
        for (int i = words.length - 1; i >= 0; i--) {
            result.append(words[i]).append(' ');
        }
        return result.toString();
    }
}
