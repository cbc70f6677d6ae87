// Test driver: each stdin line is "C <number>" or "F <number>".
const { toFahrenheit, toCelsius } = require("./solution.js");

const round2 = (x) => Math.round(x * 100) / 100;
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");

for (const line of lines) {
  const [unit, text] = line.trim().split(/\s+/);
  const value = Number(text);
  const [fn, name, target] = unit === "C" ? [toFahrenheit, "toFahrenheit", "F"] : [toCelsius, "toCelsius", "C"];
  if (typeof fn !== "function") {
    console.log(`${name} is not exported as a function`);
    continue;
  }
  const result = fn(value);
  if (typeof result !== "number") {
    console.log(`${name}(${value}) returned ${typeof result}, expected a number`);
    continue;
  }
  console.log(`${value} ${unit} = ${round2(result)} ${target}`);
}
