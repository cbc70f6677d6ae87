#include <string>

// Keeps the sign rule but never reduces to lowest terms.
class Fraction {
public:
    Fraction(long long numerator, long long denominator)
        : numerator_(numerator), denominator_(denominator) {
        if (denominator_ < 0) {
            numerator_ = -numerator_;
            denominator_ = -denominator_;
        }
    }

    long long numerator() const { return numerator_; }
    long long denominator() const { return denominator_; }

    Fraction plus(const Fraction& other) const {
        return Fraction(numerator_ * other.denominator_ + other.numerator_ * denominator_,
                        denominator_ * other.denominator_);
    }

    Fraction times(const Fraction& other) const {
        return Fraction(numerator_ * other.numerator_, denominator_ * other.denominator_);
    }

    std::string to_string() const {
        if (denominator_ == 1) {
            return std::to_string(numerator_);
        }
        return std::to_string(numerator_) + "/" + std::to_string(denominator_);
    }

private:
    long long numerator_;
    long long denominator_;
};
