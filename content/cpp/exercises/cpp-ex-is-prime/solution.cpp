// Returns true when n is a prime number (greater than 1, divisible only by 1 and itself).
bool is_prime(long long n) {
    if (n < 2) {
        return false;
    }
    for (long long d = 2; d * d <= n; d++) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}
