function greet(name) {
  return name.toUpperCase();
}
console.log(greet("a"));
console.log(greet(undefined));
