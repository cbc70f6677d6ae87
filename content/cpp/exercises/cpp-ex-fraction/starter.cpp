#include <numeric>
#include <string>

class Fraction {
public:
    Fraction(long long numerator, long long denominator)
        : numerator_(numerator), denominator_(denominator) {
        // TODO: reduce to lowest terms and make the denominator positive.
    }

    long long numerator() const { return numerator_; }
    long long denominator() const { return denominator_; }

    Fraction plus(const Fraction& other) const {
        // TODO
        return *this;
    }

    Fraction times(const Fraction& other) const {
        // TODO
        return *this;
    }

    std::string to_string() const {
        // TODO: whole numbers are shown without "/1".
        return std::to_string(numerator_) + "/" + std::to_string(denominator_);
    }

private:
    long long numerator_;
    long long denominator_;
};
