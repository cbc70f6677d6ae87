const input = require("fs").readFileSync(0, "utf8");

// TODO: clean up the name and print the greeting.
console.log("Hello, ...");
