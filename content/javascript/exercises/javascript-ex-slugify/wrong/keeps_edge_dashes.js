// Trims spaces, but punctuation at the ends still turns into dashes.
const lines = require("fs").readFileSync(0, "utf8").split("\n");

for (const title of lines) {
  if (title.trim() !== "") {
    const slug = title.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-");
    console.log(slug === "" ? "untitled" : slug);
  }
}
