/**
 * Which shell commands the spawner may run without exec'ing a second shell (spawner-script.ts): plain
 * words only, as GNU make runs a recipe line without a shell when it holds no shell syntax. With no
 * `$`, quote, backslash, operator, redirection, glob, `~` or `#`, the text cannot reach what a forked
 * shell still has of the spawner ($$, $0), and it parses the same wherever it is parsed.
 */
const WORDS = /^[ \t]*([A-Za-z0-9_./:,+@%^-]+)(?:[ \t]+[A-Za-z0-9_./:,+@%^=-]+)*[ \t]*$/;

/**
 * The words that change what the shell reads or how: reserved words parse differently, and `.` (or
 * `command .`) reads a file whose text may use anything.
 */
const NOT_PLAIN = new Set(['.', 'source', 'command', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in']);

/** The command word of a plain-words shell command, or null when it needs a shell of its own. */
export function simpleCommandWord(text: string): string | null {
  const word = WORDS.exec(text)?.[1];
  return word && !NOT_PLAIN.has(word) ? word : null;
}
