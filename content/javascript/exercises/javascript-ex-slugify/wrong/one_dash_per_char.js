// Forgets the +, so "& " becomes several dashes in a row.
const lines = require("fs").readFileSync(0, "utf8").split("\n");

for (const title of lines) {
  if (title.trim() !== "") {
    const slug = title.toLowerCase().replace(/[^a-z0-9]/g, "-").replace(/^-+|-+$/g, "");
    console.log(slug === "" ? "untitled" : slug);
  }
}
