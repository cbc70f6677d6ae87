public class Solution {
    public static int parseAge(String text) {
        int age;
        try {
            age = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: \"" + text.trim() + "\"");
        }
        if (age < 0 || age > 150) {
            throw new IllegalArgumentException("age must be between 0 and 150, got " + age);
        }
        return age;
    }
}
