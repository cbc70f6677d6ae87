function countComments(comment) {
  let total = 1;
  for (const reply of comment.replies) {
    total += countComments(reply);
  }
  return total;
}

function maxDepth(comment) {
  let deepest = 0;
  for (const reply of comment.replies) {
    deepest = Math.max(deepest, maxDepth(reply));
  }
  return deepest + 1;
}

module.exports = { countComments, maxDepth };
