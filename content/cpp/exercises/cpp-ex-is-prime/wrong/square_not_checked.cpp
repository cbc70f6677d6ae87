// Stops one divisor too early: the loop never tries d when d * d == n.
bool is_prime(long long n) {
    if (n < 2) {
        return false;
    }
    for (long long d = 2; d * d < n; d++) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}
