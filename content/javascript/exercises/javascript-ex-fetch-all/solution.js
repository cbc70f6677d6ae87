async function fetchNames(ids, fetchUser) {
  const requests = ids.map((id) =>
    fetchUser(id).then(
      (user) => user.name,
      () => null,
    ),
  );
  return Promise.all(requests);
}

module.exports = { fetchNames };
