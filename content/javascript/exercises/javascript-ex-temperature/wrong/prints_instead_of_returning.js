// Prints the answer but gives the caller nothing back.
const toFahrenheit = (celsius) => {
  console.log(celsius * 9 / 5 + 32);
};

const toCelsius = (fahrenheit) => {
  console.log((fahrenheit - 32) * 5 / 9);
};

module.exports = { toFahrenheit, toCelsius };
