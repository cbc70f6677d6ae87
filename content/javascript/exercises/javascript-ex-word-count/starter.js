const text = require("fs").readFileSync(0, "utf8");

// TODO: count each word, then print the three most frequent.
console.log("no words");
