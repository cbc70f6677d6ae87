// Validates correctly but hands back the text instead of a number.
function parsePort(text) {
  if (typeof text !== "string") {
    throw new TypeError("port must be a string");
  }
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) {
    throw new TypeError("not a whole number");
  }
  if (Number(digits) < 1 || Number(digits) > 65535) {
    throw new RangeError("port out of range");
  }
  return digits;
}

module.exports = { parsePort };
