// Test driver: each stdin line is "<attempts> <outcome> <outcome> ...",
// where an outcome is "ok:<value>" or "fail:<message>" for successive calls of the task.
const { retry } = require("./solution.js");

class TaskError extends Error {
  constructor(message) {
    super(message);
    this.name = "TaskError";
  }
}

function makeTask(outcomes) {
  const task = () => {
    const outcome = outcomes[task.calls] ?? "fail:called too many times";
    task.calls++;
    const [kind, value] = outcome.split(":");
    return new Promise((resolve, reject) => {
      setTimeout(() => (kind === "ok" ? resolve(value) : reject(new TaskError(value))), 2);
    });
  };
  task.calls = 0;
  return task;
}

async function main() {
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
  for (const line of lines) {
    const [attemptsText, ...outcomes] = line.trim().split(/\s+/);
    const task = makeTask(outcomes);
    let report;
    try {
      const value = await retry(task, Number(attemptsText));
      report = `fulfilled with ${JSON.stringify(value)}`;
    } catch (err) {
      if (err instanceof TaskError) {
        report = `rejected with the task's error "${err.message}"`;
      } else if (err instanceof Error) {
        report = `rejected with ${err.name}`;
      } else {
        report = "rejected with something that is not an Error";
      }
    }
    console.log(`${report}, calls: ${task.calls}`);
  }
}

main();
