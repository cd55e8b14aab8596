#!/usr/bin/env bash
# One step of `make`: prints one line saying what it does, sends the command's own output
# (pip's warning blocks, Maven's progress) to a log, and shows the log's tail only when the
# command fails, with its exit code.
#   scripts/step.sh "what this step does" command args...
# STEP_LOG chooses the log (default .cache/make.log).
set -u
what=$1
shift
log=${STEP_LOG:-.cache/make.log}
mkdir -p "$(dirname "$log")"
printf '%s\n' "$what"
printf '\n### %s\n$ %s\n' "$what" "$*" >>"$log"
"$@" >>"$log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
  printf 'failed (exit %d): %s\n--- last lines of %s ---\n' "$rc" "$*" "$log" >&2
  tail -n 30 "$log" >&2
fi
exit "$rc"
