async function retry(task, attempts) {
  // TODO: call task() up to `attempts` times and return the first successful result.
  return undefined;
}

module.exports = { retry };
