public class Solution {
    public static long power(long base, int exp) {
        // TODO: a base case for exp == 0, then a recursive call with a smaller exponent
        return base;
    }
}
