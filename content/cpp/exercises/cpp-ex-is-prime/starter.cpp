// Returns true when n is a prime number (greater than 1, divisible only by 1 and itself).
bool is_prime(long long n) {
    // TODO: replace this with a real check.
    return false;
}
