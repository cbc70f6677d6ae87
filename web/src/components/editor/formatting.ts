//! Which languages the editor can format. A Format button appears only where formatting really
//! works offline, in the browser, with nothing fetched from elsewhere.

/**
 * JavaScript: Monaco's TypeScript service (already loaded for completion) implements Format
 * Document. Python, Java and C++ have no formatter that runs in the browser from a small maintained
 * npm package: ruff, google-java-format and clang-format exist only as multi-megabyte WebAssembly
 * or JVM builds, several times the app's whole JavaScript budget. They get no button rather than
 * one that does nothing (Monaco's Format Document is a no-op without a formatter).
 */
const FORMATTERS: ReadonlySet<string> = new Set(['javascript']);

/** Whether the editor can format code in `language` (an API language id: python, javascript, java, cpp). */
export function canFormat(language: string): boolean {
  return FORMATTERS.has(language);
}
