// Stops one number too early.
const n = Number(require("fs").readFileSync(0, "utf8").trim());

for (let i = 1; i < n; i++) {
  if (i % 15 === 0) {
    console.log("FizzBuzz");
  } else if (i % 3 === 0) {
    console.log("Fizz");
  } else if (i % 5 === 0) {
    console.log("Buzz");
  } else {
    console.log(i);
  }
}
