// Precedence mistake: only the width is doubled.
const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
const width = Number(lines[0]);
const height = Number(lines[1]);

console.log("Area: " + width * height);
console.log("Perimeter: " + (2 * width + height));
