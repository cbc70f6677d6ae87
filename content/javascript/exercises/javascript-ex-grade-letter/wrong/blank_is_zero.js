// Checks for NaN and the range but forgets that Number("") is 0.
const score = Number(require("fs").readFileSync(0, "utf8").trim());

if (Number.isNaN(score) || score < 0 || score > 100) {
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
