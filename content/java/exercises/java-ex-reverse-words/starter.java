public class Solution {
    public static String reverseWords(String line) {
        StringBuilder result = new StringBuilder();
        // TODO: append the words of line to result, last word first
        return result.toString();
    }
}
