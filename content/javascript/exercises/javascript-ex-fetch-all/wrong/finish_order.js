// Collects names as requests finish, so a slow first user ends up last.
async function fetchNames(ids, fetchUser) {
  const names = [];
  await Promise.all(
    ids.map((id) =>
      fetchUser(id)
        .then((user) => names.push(user.name))
        .catch(() => names.push(null)),
    ),
  );
  return names;
}

module.exports = { fetchNames };
