const text = require("fs").readFileSync(0, "utf8").trim();

if (text === "") {
  console.log("no data");
} else {
  const numbers = text.split(/\s+/).map(Number);
  const sum = numbers.reduce((acc, n) => acc + n, 0);
  console.log(`count: ${numbers.length}`);
  console.log(`min: ${Math.min(...numbers)}`);
  console.log(`max: ${Math.max(...numbers)}`);
  console.log(`mean: ${(sum / numbers.length).toFixed(2)}`);
}
