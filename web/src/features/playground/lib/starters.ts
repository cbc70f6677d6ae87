//! The program each language starts with: it reads stdin, so the stdin panel has a visible effect.

export const STARTERS: Record<string, string> = {
  python: `import sys

# Type a name in the stdin panel, then press Ctrl+Enter (Cmd+Enter on a Mac).
name = sys.stdin.readline().strip() or "world"
print(f"Hello, {name}!")
`,
  javascript: `// Type a name in the stdin panel, then press Ctrl+Enter (Cmd+Enter on a Mac).
const rl = require('readline').createInterface({ input: process.stdin });
let name = '';
rl.once('line', (line) => {
  name = line.trim();
  rl.close();
});
rl.on('close', () => console.log(\`Hello, \${name || 'world'}!\`));
`,
  java: `import java.util.Scanner;

// Type a name in the stdin panel, then press Ctrl+Enter (Cmd+Enter on a Mac).
public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        String name = in.hasNextLine() ? in.nextLine().trim() : "";
        if (name.isEmpty()) name = "world";
        System.out.println("Hello, " + name + "!");
    }
}
`,
  cpp: `#include <iostream>
#include <string>

// Type a name in the stdin panel, then press Ctrl+Enter (Cmd+Enter on a Mac).
int main() {
    std::string name;
    if (!std::getline(std::cin, name) || name.empty()) name = "world";
    std::cout << "Hello, " << name << "!\\n";
    return 0;
}
`,
};

export function starterFor(language: string): string {
  return STARTERS[language] ?? '';
}

/** Monaco's language id for an API language id. */
export function monacoLanguage(language: string): string {
  return language === 'cpp'
    ? 'cpp'
    : language === 'javascript'
      ? 'javascript'
      : language === 'java'
        ? 'java'
        : language === 'python'
          ? 'python'
          : 'plaintext';
}
