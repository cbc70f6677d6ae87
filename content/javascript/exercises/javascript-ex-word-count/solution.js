const text = require("fs").readFileSync(0, "utf8").toLowerCase();
const words = text.match(/[a-z]+/g) ?? [];

if (words.length === 0) {
  console.log("no words");
} else {
  const counts = new Map();
  for (const w of words) {
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3);
  for (const [word, count] of top) {
    console.log(`${word} ${count}`);
  }
}
