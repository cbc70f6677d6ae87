// Only replaces spaces, leaving punctuation in the slug.
const lines = require("fs").readFileSync(0, "utf8").split("\n");

for (const title of lines) {
  if (title.trim() !== "") {
    console.log(title.trim().toLowerCase().replaceAll(" ", "-") || "untitled");
  }
}
