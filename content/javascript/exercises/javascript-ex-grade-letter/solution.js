const text = require("fs").readFileSync(0, "utf8").trim();
const score = Number(text);

if (text === "" || Number.isNaN(score) || score < 0 || score > 100) {
  console.log("invalid score");
} else if (score >= 90) {
  console.log("A");
} else if (score >= 80) {
  console.log("B");
} else if (score >= 70) {
  console.log("C");
} else if (score >= 60) {
  console.log("D");
} else {
  console.log("F");
}
