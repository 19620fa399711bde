/**
 * "Did you mean" for an unknown command, only when the word is plausibly a typo of one: a letter or two
 * off (Damerau-Levenshtein, so swapped letters count once), or the start of a single command. yargs'
 * own suggestion offered `list` for `edit` and `rm` for `3`.
 */

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The command `word` was probably meant to be, or undefined when none is close enough to say so. */
export function closestCommand(word: string, commands: string[]): string | undefined {
  const w = word.toLowerCase();
  if (!/^[a-z][a-z-]*$/.test(w)) return undefined; // `3`, `./x`: not a misspelt command
  const prefixed = commands.filter((c) => w.length >= 3 && c.startsWith(w));
  if (prefixed.length === 1) return prefixed[0];
  // One edit for words of up to 4 letters (`lsit`), two for longer ones (`histroy`, `exceute`).
  const allowed = w.length <= 4 ? 1 : 2;
  const scored = commands.map((c) => ({ c, d: editDistance(w, c) })).filter((s) => s.d <= allowed && s.d < s.c.length / 2);
  scored.sort((a, b) => a.d - b.d);
  return scored.length && (scored.length === 1 || scored[0].d < scored[1].d) ? scored[0].c : undefined;
}
