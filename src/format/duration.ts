/** Durations as people read them: 850 ms, 2 s, 12.3 s, 4 min 5 s, 1 h 30 min (no dependencies: the runner uses it too). */
export function shortDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  // Under 59.95 s only: 59.96 s would print "60 s". Whole tenths drop their ".0": 2000 ms is "2 s".
  if (ms < 59_950) return `${Number((ms / 1000).toFixed(1))} s`;
  // Rounded to whole seconds first, so 299.6 s reads "5 min", never "4 min 60 s".
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
