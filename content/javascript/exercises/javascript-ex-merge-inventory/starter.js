function mergeInventory(first, second) {
  // TODO: return a new object with the summed counts.
  return {};
}

module.exports = { mergeInventory };
