// Counts only the direct replies, not the replies to replies.
function countComments(comment) {
  return 1 + comment.replies.length;
}

function maxDepth(comment) {
  let deepest = 0;
  for (const reply of comment.replies) {
    deepest = Math.max(deepest, maxDepth(reply));
  }
  return deepest + 1;
}

module.exports = { countComments, maxDepth };
