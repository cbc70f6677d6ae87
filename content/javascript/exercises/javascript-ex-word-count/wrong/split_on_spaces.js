// Splits on spaces only, so "go," and "go" count as different words.
const text = require("fs").readFileSync(0, "utf8").toLowerCase().trim();
const words = text === "" ? [] : text.split(/\s+/);

if (words.length === 0) {
  console.log("no words");
} else {
  const counts = {};
  for (const w of words) {
    counts[w] = (counts[w] || 0) + 1;
  }
  const top = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3);
  for (const [word, count] of top) {
    console.log(`${word} ${count}`);
  }
}
