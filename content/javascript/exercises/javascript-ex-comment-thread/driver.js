// Test driver: stdin is one comment thread as JSON.
const { countComments, maxDepth } = require("./solution.js");

const thread = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(`comments: ${countComments(thread)}`);
console.log(`depth: ${maxDepth(thread)}`);
