// Off by one: calls the task attempts + 1 times.
async function retry(task, attempts) {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError("attempts must be at least 1");
  }
  let lastError;
  for (let i = 0; i <= attempts; i++) {
    try {
      return await task();
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

module.exports = { retry };
