// Replaces the task's real error with a vague new one.
async function retry(task, attempts) {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError("attempts must be at least 1");
  }
  for (let i = 0; i < attempts; i++) {
    try {
      return await task();
    } catch (err) {
      // try again
    }
  }
  throw new Error("all attempts failed");
}

module.exports = { retry };
