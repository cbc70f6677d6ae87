async function fetchNames(ids, fetchUser) {
  // TODO: start every fetchUser(id) at once, then collect the names in order.
  return [];
}

module.exports = { fetchNames };
