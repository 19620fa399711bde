/**
 * The spawner: a small /bin/sh loop that starts a block's commands, one at a time, for the executor.
 * A shell forks in a fraction of the time Node's spawn takes (about 2 ms against 7-8 ms per command
 * on the bench machine), and it runs for the whole execute, so no process is started per command.
 *
 * Requests on stdin, one per command: a line "SEQ ID ATTEMPT STAMP ARGC WORD", then the working directory and
 * ARGC values, each written as its line count and its lines, so any text (newlines included) passes
 * as data and is never parsed as shell code. The first value is how many NAME=VALUE environment
 * entries follow; the rest is the argv to exec. SEQ numbers the requests of this spawner.
 * A plain-words shell command (below) with no environment, in the previous request's directory, is
 * one line instead: "SEQ ID ATTEMPT STAMP = WORD TEXT". The shell reads a request a byte at a time, on
 * the executor's core as often as not, so the short form is what most requests of a batch cost it.
 *
 * STAMP is "-" when the executor opened the log files and wrote the attempt's start marker (an
 * earlier attempt's files are there). Otherwise it is the attempt's start time and neither file
 * exists: this shell creates both, with the marker, before the command starts. With noclobber a `>`
 * to a missing file is an O_EXCL create, which fails on anything found there, a symlink included:
 * then the reply is "SEQ refused" and the command does not start. (The executor checked both paths
 * just before; this covers a file planted since, but for a device or FIFO, which noclobber opens.)
 * With "-" the shell looks again that both are regular files and not symlinks, just before its `>>`
 * opens them: the executor checked them at hand-over, and a request may wait behind others.
 * Creating files was the executor's costliest step per command on ext4, and this shell has time to
 * spare while its command runs. The marker is attempt-files.ts's, byte for byte: the tails count it.
 *
 * WORD is "-", or, for a simple shell command (simple-command.ts: plain words, argv /bin/sh -c TEXT),
 * its command word. Such a command runs in the forked subshell itself, by `eval` after the shell's
 * state is reset to a fresh `sh -c`'s: it saves exec'ing a second shell, about half a millisecond a
 * command. The script runs as $0 "/bin/sh" so the shell's own messages read as `sh -c`'s; a command
 * word that would fail to exec (not found, not executable) takes the exec path, whose message has no
 * "eval:" in it. What a plain-words command cannot reach ($$, $0) is all that still differs.
 * Replies on stdout: "SEQ start" when the command is about to exec (written by its own process, so a
 * signal sent after reading it reaches the command), "SEQ STATUS" when it ends, "SEQ skip" when the
 * executor took it back first. Nothing starts once the executor is gone.
 *
 * The executor may send the next request while a command runs, so the next one starts without
 * waiting for it. To take back a request not started yet it creates TOKENS/SEQ; the spawner creates
 * the same file (noclobber: O_EXCL) before it starts one. Whoever creates it first decides, so a
 * command is either taken back or started, never both.
 *
 * stdout goes to LOGS/ID.log, stderr to LOGS/ID.err, created 0600; the command gets the user's umask.
 * Signals are trapped (not ignored, which commands would inherit) so that a signal to the process
 * group reaches the command while the spawner lives on. The command runs in the foreground: a shell
 * without job control starts a background (`&`) command with SIGINT and SIGQUIT ignored, so Ctrl-C
 * forwarded to the group would never reach it. A trapped signal's handler runs only after the
 * foreground command ends, which is what we want. (A subshell resets trapped signals to the default.)
 */
import { SPAWNER_MARK } from '../process-group.js';

export const SPAWNER_SCRIPT = String.raw`${SPAWNER_MARK}
trap : INT TERM HUP
logs=$1
tokens=$2
executor=$3
user_umask=$(umask)
umask 077
set -C
exec 3>&1
sep=
sepfile=
# Its start tokens and separator go with it (the executor removes them too; one killed with -9 cannot).
# (rm -rf "" removes nothing: sepfile is set only once this shell has created that file)
trap 'rm -rf "$tokens" "$sepfile"' EXIT
value() {
  IFS= read -r n || exit 0
  v=
  i=0
  while [ "$i" -lt "$n" ]; do
    IFS= read -r line || exit 0
    if [ "$i" -eq 0 ]; then v=$line; else v="$v
$line"; fi
    i=$((i + 1))
  done
}
while IFS=' ' read -r seq id attempt stamp argc word text; do
  if [ "$argc" = = ]; then
    set -- 0 /bin/sh -c "$text"
  else
    value
    cwd=$v
    set --
    while [ "$argc" -gt 0 ]; do
      value
      set -- "$@" "$v"
      argc=$((argc - 1))
    done
  fi
  # Requests handed over ahead outlive an executor killed with -9: start none of them without it.
  # (The reply to a dead executor usually ends us first, by SIGPIPE; not if SIGPIPE is ignored.)
  kill -0 "$executor" 2>/dev/null || exit 0
  # (true, not ":": a failed redirection of a special built-in would end the shell)
  if ! { true >"$tokens/$seq"; } 2>/dev/null; then
    echo "$seq skip"
    continue
  fi
  if [ "$stamp" != - ]; then
    if ! { printf -- '--- attempt %s started %s\n' "$attempt" "$stamp" >"$logs/$id.err" && printf -- '--- attempt %s started %s\n' "$attempt" "$stamp" >"$logs/$id.log"; } 2>/dev/null; then
      echo "$seq refused"
      continue
    fi
    # The separator (output-order.ts): a byte written after the markers to a file of this shell's
    # own beside them (created O_EXCL once the executor has checked the directory; it removes the
    # file), so that the markers' events never merge with the command's first write.
    if [ -z "$sep" ]; then
      sep=1
      if { command exec 5>"$logs/.spawner-$$"; } 2>/dev/null; then sepfile=$logs/.spawner-$$; else exec 5>/dev/null; fi
    fi
    printf x >&5
  elif [ -L "$logs/$id.log" ] || [ ! -f "$logs/$id.log" ] || [ -L "$logs/$id.err" ] || [ ! -f "$logs/$id.err" ]; then
    # Files the executor opened and checked when it handed the request over, maybe a while ago:
    # anything swapped in since (a symlink, which >> would follow) and the command does not start.
    echo "$seq refused"
    continue
  fi
  (
    echo "$seq start" >&3
    exec 3>&- 5>&-
    umask "$user_umask"
    cd "$cwd" || exit 127
    export WORKBLOCK_ID="$id" WORKBLOCK_ATTEMPT="$attempt"
    n=$1
    shift
    while [ "$n" -gt 0 ]; do
      export "$1" || exit 127
      shift
      n=$((n - 1))
    done
    [ "$word" = - ] && exec "$@"
    # A plain-words shell command (argv: /bin/sh -c TEXT). The state first, so that the word is
    # looked up as a fresh shell would look it up (not as this loop's own function, say).
    c=$3 w=$word
    set +C --
    trap - INT TERM HUP EXIT
    unset -f value
    hash -r
    unset logs tokens executor user_umask sep sepfile seq id attempt stamp argc word text cwd n v i line status
    PPID=$$
    # (case, not a function or $(...): nothing here may fork or define anything)
    case $w in
    */*) [ -f "$w" ] && [ -x "$w" ] ;;
    *) command -v "$w" >/dev/null ;;
    esac || exec /bin/sh -c "$c"
    eval "unset c w; $c"
  ) </dev/null >>"$logs/$id.log" 2>>"$logs/$id.err"
  status=$?
  kill -0 "$executor" 2>/dev/null || exit 0
  echo "$seq $status"
done
`;
