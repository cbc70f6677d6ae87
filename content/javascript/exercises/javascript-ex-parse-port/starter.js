function parsePort(text) {
  // TODO: validate `text`, throw TypeError or RangeError, or return the port number.
  return text;
}

module.exports = { parsePort };
