// Returns a formatted string instead of a number.
const toFahrenheit = (celsius) => (celsius * 9 / 5 + 32).toFixed(1);

const toCelsius = (fahrenheit) => ((fahrenheit - 32) * 5 / 9).toFixed(1);

module.exports = { toFahrenheit, toCelsius };
