// Forgets that numbers below 2 are not prime.
bool is_prime(long long n) {
    for (long long d = 2; d * d <= n; d++) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}
