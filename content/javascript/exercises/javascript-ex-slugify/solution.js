const lines = require("fs").readFileSync(0, "utf8").split("\n");

const slugify = (title) => {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "untitled" : slug;
};

for (const title of lines) {
  if (title.trim() !== "") {
    console.log(slugify(title));
  }
}
