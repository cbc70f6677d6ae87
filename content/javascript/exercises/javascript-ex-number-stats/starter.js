const text = require("fs").readFileSync(0, "utf8");

// TODO: build an array of numbers from `text`, then print the four lines.
console.log("count: 0");
