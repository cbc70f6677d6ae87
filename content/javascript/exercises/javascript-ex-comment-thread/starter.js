function countComments(comment) {
  // TODO: this comment plus every reply, at every level.
  return 0;
}

function maxDepth(comment) {
  // TODO: 1 for this comment, plus the deepest reply chain below it.
  return 0;
}

module.exports = { countComments, maxDepth };
