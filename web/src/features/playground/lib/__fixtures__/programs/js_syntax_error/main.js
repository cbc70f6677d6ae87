const x = 1;
if (x === 1 {
  console.log("one");
}
