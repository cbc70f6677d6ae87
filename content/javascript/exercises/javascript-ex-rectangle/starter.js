const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");

// TODO: read the width and height from `lines`, then compute both values.
console.log("Area: ?");
console.log("Perimeter: ?");
