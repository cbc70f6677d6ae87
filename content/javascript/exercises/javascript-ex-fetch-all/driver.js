// Test driver. Each stdin line describes users for one call, as "id:name:delayMs" entries,
// where the name "!" means that fetching this user fails. An empty line means no ids.
const { fetchNames } = require("./solution.js");

async function runCase(line) {
  const entries = line.trim() === "" ? [] : line.trim().split(/\s+/).map((e) => e.split(":"));
  const users = new Map(entries.map(([id, name, delay]) => [Number(id), { name, delay: Number(delay) }]));
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchUser = (id) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const user = users.get(id);
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        inFlight--;
        if (user && user.name !== "!") {
          resolve({ id, name: user.name });
        } else {
          reject(new Error(`user ${id} could not be loaded`));
        }
      }, user ? user.delay : 1);
    });
  };
  const ids = entries.map(([id]) => Number(id));
  try {
    const names = await fetchNames(ids, fetchUser);
    console.log(JSON.stringify(names));
  } catch (err) {
    console.log(`fetchNames rejected: ${err instanceof Error ? err.message : err}`);
  }
  console.log(`all requests in flight together: ${maxInFlight === ids.length ? "yes" : "no"}`);
}

async function main() {
  const text = require("fs").readFileSync(0, "utf8");
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  for (const line of lines) {
    await runCase(line);
  }
}

main();
