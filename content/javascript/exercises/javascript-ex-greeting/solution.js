const name = require("fs").readFileSync(0, "utf8").trim();

if (name === "") {
  console.log("Hello, stranger!");
} else {
  console.log(`Hello, ${name}!`);
}
