// Right checks, but every problem is thrown as a plain Error.
function parsePort(text) {
  if (typeof text !== "string" || !/^\d+$/.test(text.trim())) {
    throw new Error("invalid port");
  }
  const port = Number(text.trim());
  if (port < 1 || port > 65535) {
    throw new Error("invalid port");
  }
  return port;
}

module.exports = { parsePort };
