// Adds straight into the first inventory and returns it: right totals, but the caller's object changes.
function mergeInventory(first, second) {
  for (const item in second) {
    first[item] = (first[item] || 0) + second[item];
  }
  return first;
}

module.exports = { mergeInventory };
