public class Solution {
    public static long power(long base, int exp) {
        if (exp == 1) {
            return base;
        }
        return base * power(base, exp - 1);
    }
}
