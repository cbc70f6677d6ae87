// Forgets that the input ends with a newline (and may have spaces).
const name = require("fs").readFileSync(0, "utf8");

if (name === "") {
  console.log("Hello, stranger!");
} else {
  console.log("Hello, " + name + "!");
}
