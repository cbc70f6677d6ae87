const { greet } = require("./lib/greeting.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const names = input.split("\n").map((s) => s.trim()).filter(Boolean);
  for (const name of names.length ? names : ["world"]) {
    console.log(greet(name));
  }
});
