// Test driver: each stdin line is a JSON value passed to parsePort.
const { parsePort } = require("./solution.js");

const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l !== "");
for (const line of lines) {
  const input = JSON.parse(line);
  const shown = JSON.stringify(input);
  try {
    const port = parsePort(input);
    if (typeof port === "number") {
      console.log(`${shown} -> ${port}`);
    } else {
      console.log(`${shown} -> returned a ${typeof port}, expected a number`);
    }
  } catch (err) {
    if (err instanceof Error) {
      console.log(`${shown} -> ${err.name}`);
    } else {
      console.log(`${shown} -> threw something that is not an Error`);
    }
  }
}
