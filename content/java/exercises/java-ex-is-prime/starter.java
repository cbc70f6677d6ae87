public class Solution {
    public static boolean isPrime(int n) {
        // TODO: return true when n is prime
        return false;
    }
}
