import { describe, expect, it } from 'vitest';
import { ArgvSplitError, splitArgv } from '../../src/loggers/argv-split.js';

describe('splitArgv', () => {
  it('splits on runs of whitespace', () => {
    expect(splitArgv('  prog  --flag\tvalue \n')).toEqual(['prog', '--flag', 'value']);
  });

  it('keeps single-quoted text literal, backslashes included', () => {
    expect(splitArgv(`echo 'a b\\n "c"'`)).toEqual(['echo', 'a b\\n "c"']);
  });

  it('lets double quotes hold spaces and escaped quotes', () => {
    expect(splitArgv(`node -e "console.log(\\"hi there\\")"`)).toEqual(['node', '-e', 'console.log("hi there")']);
  });

  it('joins adjacent quoted and bare parts into one word', () => {
    expect(splitArgv(`--name="two words"'!'`)).toEqual(['--name=two words!']);
  });

  it('takes the character after a bare backslash literally', () => {
    expect(splitArgv('a\\ b c\\"d')).toEqual(['a b', 'c"d']);
  });

  it('keeps empty quoted strings as empty arguments', () => {
    expect(splitArgv(`prog "" ''`)).toEqual(['prog', '', '']);
  });

  it('does no expansion of variables, globs or command substitution', () => {
    expect(splitArgv('echo $HOME *.ts $(id);')).toEqual(['echo', '$HOME', '*.ts', '$(id);']);
  });

  it('returns no words for blank text', () => {
    expect(splitArgv('   ')).toEqual([]);
  });

  it('rejects unterminated quotes and a trailing backslash', () => {
    expect(() => splitArgv(`prog "open`)).toThrow(ArgvSplitError);
    expect(() => splitArgv(`prog 'open`)).toThrow(/unterminated single quote/);
    expect(() => splitArgv('prog \\')).toThrow(/trailing backslash/);
  });
});
