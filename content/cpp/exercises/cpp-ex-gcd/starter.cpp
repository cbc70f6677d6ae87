// Greatest common divisor of two non-negative numbers, using Euclid's rule recursively.
long long gcd(long long a, long long b) {
    // TODO
    return 1;
}

// Least common multiple of two non-negative numbers; 0 if either is 0.
long long lcm(long long a, long long b) {
    // TODO
    return 0;
}
