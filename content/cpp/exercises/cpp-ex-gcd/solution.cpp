// Greatest common divisor of two non-negative numbers, using Euclid's rule recursively.
long long gcd(long long a, long long b) {
    if (b == 0) {
        return a;
    }
    return gcd(b, a % b);
}

// Least common multiple of two non-negative numbers; 0 if either is 0.
long long lcm(long long a, long long b) {
    if (a == 0 || b == 0) {
        return 0;
    }
    return a / gcd(a, b) * b;
}
