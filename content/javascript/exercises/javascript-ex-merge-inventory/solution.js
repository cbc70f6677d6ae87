function mergeInventory(first, second) {
  const result = { ...first };
  for (const [item, count] of Object.entries(second)) {
    result[item] = (result[item] ?? 0) + count;
  }
  return result;
}

module.exports = { mergeInventory };
