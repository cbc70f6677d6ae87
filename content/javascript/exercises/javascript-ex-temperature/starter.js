// Return the temperature in Fahrenheit.
const toFahrenheit = (celsius) => {
  // TODO
};

// Return the temperature in Celsius.
const toCelsius = (fahrenheit) => {
  // TODO
};

module.exports = { toFahrenheit, toCelsius };
