const lines = require("fs").readFileSync(0, "utf8").split("\n");

for (const title of lines) {
  // TODO: turn the title into a slug.
  console.log(title);
}
