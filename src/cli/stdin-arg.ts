/** yargs-parser reads a lone "-" as an empty option group, so main.ts swaps it for this marker; NUL can never be a real argument. */
export const STDIN_ARG = '\0stdin';
