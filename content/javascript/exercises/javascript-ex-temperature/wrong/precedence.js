// Forgets the parentheses: only 32 * 5 / 9 is subtracted.
const toFahrenheit = (celsius) => celsius * 9 / 5 + 32;

const toCelsius = (fahrenheit) => fahrenheit - 32 * 5 / 9;

module.exports = { toFahrenheit, toCelsius };
