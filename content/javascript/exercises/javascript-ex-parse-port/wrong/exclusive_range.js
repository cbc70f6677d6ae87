// Off by one at the top of the range: 65535 is a valid port.
function parsePort(text) {
  if (typeof text !== "string") {
    throw new TypeError("port must be a string");
  }
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) {
    throw new TypeError("not a whole number");
  }
  const port = Number(digits);
  if (port < 1 || port >= 65535) {
    throw new RangeError("port out of range");
  }
  return port;
}

module.exports = { parsePort };
