public class Solution {
    public static int parseAge(String text) {
        // TODO: parse the text, and throw an IllegalArgumentException for invalid ages
        return 0;
    }
}
