// Never validates attempts: with 0 it silently fulfils with undefined.
async function retry(task, attempts) {
  let lastError;
  for (let i = 0; i < attempts; i++) {
    try {
      return await task();
    } catch (err) {
      lastError = err;
    }
  }
  if (lastError) throw lastError;
}

module.exports = { retry };
