// Tests the wrong number in the base case: the recursion reaches b == 0 and then divides by it.
long long gcd(long long a, long long b) {
    if (a == 0) {
        return b;
    }
    return gcd(b, a % b);
}

long long lcm(long long a, long long b) {
    if (a == 0 || b == 0) {
        return 0;
    }
    return a / gcd(a, b) * b;
}
