// Sorts with the default (string) order to find min and max.
const text = require("fs").readFileSync(0, "utf8").trim();

if (text === "") {
  console.log("no data");
} else {
  const numbers = text.split(/\s+/).map(Number);
  const sorted = [...numbers].sort();
  const sum = numbers.reduce((acc, n) => acc + n, 0);
  console.log(`count: ${numbers.length}`);
  console.log(`min: ${sorted[0]}`);
  console.log(`max: ${sorted[sorted.length - 1]}`);
  console.log(`mean: ${(sum / numbers.length).toFixed(2)}`);
}
