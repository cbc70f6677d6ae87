// Counts reply levels instead of comment levels: a lone comment gets depth 0.
function countComments(comment) {
  return comment.replies.reduce((sum, reply) => sum + countComments(reply), 1);
}

function maxDepth(comment) {
  if (comment.replies.length === 0) {
    return 0;
  }
  return 1 + Math.max(...comment.replies.map(maxDepth));
}

module.exports = { countComments, maxDepth };
