// Only walks the first inventory's items, and adds undefined for missing ones.
function mergeInventory(first, second) {
  const result = {};
  for (const item of Object.keys(first)) {
    result[item] = first[item] + second[item];
  }
  return result;
}

module.exports = { mergeInventory };
