public class Solution {
    public static long power(long base, int exp) {
        return (long) Math.pow(base, exp);
    }
}
