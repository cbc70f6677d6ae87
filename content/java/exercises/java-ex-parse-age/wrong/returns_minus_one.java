public class Solution {
    public static int parseAge(String text) {
        try {
            int age = Integer.parseInt(text.trim());
            if (age < 0 || age > 150) {
                return -1;
            }
            return age;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
