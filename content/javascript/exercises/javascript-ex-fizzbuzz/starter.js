const n = Number(require("fs").readFileSync(0, "utf8").trim());

// TODO: print one line for each number from 1 to n.
