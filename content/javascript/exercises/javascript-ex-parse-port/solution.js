function parsePort(text) {
  if (typeof text !== "string") {
    throw new TypeError(`port must be given as text, got ${typeof text}`);
  }
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) {
    throw new TypeError(`"${text}" is not a whole number`);
  }
  const port = Number(digits);
  if (port < 1 || port > 65535) {
    throw new RangeError(`port ${port} is outside 1-65535`);
  }
  return port;
}

module.exports = { parsePort };
