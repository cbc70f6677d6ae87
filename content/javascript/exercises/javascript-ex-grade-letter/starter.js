const text = require("fs").readFileSync(0, "utf8").trim();
const score = Number(text);

// TODO: validate the score, then print A, B, C, D or F.
console.log("?");
