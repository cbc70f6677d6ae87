// Follows only the first reply when measuring depth.
function countComments(comment) {
  let total = 1;
  for (const reply of comment.replies) {
    total += countComments(reply);
  }
  return total;
}

function maxDepth(comment) {
  if (comment.replies.length === 0) {
    return 1;
  }
  return 1 + maxDepth(comment.replies[0]);
}

module.exports = { countComments, maxDepth };
