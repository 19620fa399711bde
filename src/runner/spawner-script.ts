/**
 * The spawner: a small /bin/sh loop that starts a block's commands, one at a time, for the executor.
 * A shell forks in a fraction of the time Node's spawn takes (about 2 ms against 7-8 ms per command
 * on the bench machine), and it runs for the whole execute, so no process is started per command.
 *
 * Requests on stdin, one per command: a line "ID ATTEMPT ARGC", then the working directory and ARGC
 * values, each written as its line count and its lines, so any text (newlines included) passes as
 * data and is never parsed as shell code. The first value is how many NAME=VALUE environment entries
 * follow; the rest is the argv to exec. Reply on stdout: "ID STATUS" when it ends.
 * stdout goes to LOGS/ID.log, stderr to LOGS/ID.err, created 0600; the command gets the user's umask.
 * Signals are trapped (not ignored, which commands would inherit) so that a signal to the process
 * group reaches the command while the spawner lives on. The command runs in the foreground: a shell
 * without job control starts a background (`&`) command with SIGINT and SIGQUIT ignored, so Ctrl-C
 * forwarded to the group would never reach it. A trapped signal's handler runs only after the
 * foreground command ends, which is what we want.
 */
export const SPAWNER_SCRIPT = String.raw`
trap : INT TERM HUP
logs=$1
user_umask=$(umask)
umask 077
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
while IFS=' ' read -r id attempt argc; do
  value
  cwd=$v
  set --
  while [ "$argc" -gt 0 ]; do
    value
    set -- "$@" "$v"
    argc=$((argc - 1))
  done
  (
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
    exec "$@"
  ) </dev/null >>"$logs/$id.log" 2>>"$logs/$id.err"
  echo "$id $?"
done
`;
