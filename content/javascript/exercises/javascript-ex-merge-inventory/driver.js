// Test driver: stdin holds two JSON objects, one per line.
const { mergeInventory } = require("./solution.js");

const [lineA, lineB] = require("fs").readFileSync(0, "utf8").trim().split("\n");
const first = JSON.parse(lineA);
const second = JSON.parse(lineB);
const firstBefore = JSON.stringify(first);
const secondBefore = JSON.stringify(second);

const result = mergeInventory(first, second);
if (result === null || typeof result !== "object") {
  console.log(`mergeInventory returned ${result}, expected an object`);
} else {
  const keys = Object.keys(result).sort();
  if (keys.length === 0) console.log("(empty)");
  for (const key of keys) {
    console.log(`${key}: ${result[key]}`);
  }
}
console.log(JSON.stringify(first) === firstBefore ? "first unchanged" : "first inventory was modified");
console.log(JSON.stringify(second) === secondBefore ? "second unchanged" : "second inventory was modified");
