// Spreading both objects keeps only the second count for shared items.
function mergeInventory(first, second) {
  return { ...first, ...second };
}

module.exports = { mergeInventory };
