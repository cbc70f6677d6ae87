// Concurrent, but a single failed user makes the whole call reject.
async function fetchNames(ids, fetchUser) {
  const users = await Promise.all(ids.map((id) => fetchUser(id)));
  return users.map((user) => user.name);
}

module.exports = { fetchNames };
