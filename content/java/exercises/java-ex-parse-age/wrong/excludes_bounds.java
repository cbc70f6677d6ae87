public class Solution {
    public static int parseAge(String text) {
        int age = Integer.parseInt(text.trim());
        if (age <= 0 || age >= 150) {
            throw new IllegalArgumentException("age out of range: " + age);
        }
        return age;
    }
}
