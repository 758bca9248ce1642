#!/usr/bin/env bash
# stop-servers.sh DIR [--keep]
# Stops only the processes listed in DIR/pids (written by start-servers.sh), after checking
# that each PID still belongs to this instance (its command line names DIR), then removes
# what start-servers.sh made in DIR unless --keep is given (or TESTENV_KEEP=1): the whole
# DIR when start-servers.sh created it, else only its own files in it.
# DIR defaults to $TESTENV_DIR. Never signals anything that is not listed in DIR/pids.
set -uo pipefail
D=${1:-${TESTENV_DIR:-}}
KEEP=${TESTENV_KEEP:-0}; [ "${2:-}" = --keep ] && KEEP=1
[ -n "$D" ] && [ -d "$D" ] || { echo "usage: $0 TESTENV_DIR [--keep]" >&2; exit 2; }
D=$(cd "$D" && pwd)
case "$D" in /|/tmp|/root|/home|/work|/usr|/etc|/var) echo "refusing DIR=$D" >&2; exit 2 ;; esac
[ -f "$D/pids" ] || { echo "no $D/pids" >&2; exit 1; }

# does PID $1 (kind $2) still belong to this instance?
ours() {
  local cmd
  cmd=$( (tr '\0' ' ' < "/proc/$1/cmdline") 2>/dev/null) || return 1
  case "$2" in
    dovecot) [[ "$cmd" == *dovecot* && "$cmd" == *"$D/dovecot/dovecot.conf"* ]] ;;
    postfix) [[ "$cmd" == *master* ]] && [ "$(cat "$D/postfix/spool/pid/master.pid" 2>/dev/null | tr -d ' ')" = "$1" ] ;;
    *)       [[ "$cmd" == *"$D"* ]] ;;
  esac
}

rc=0
# SIGTERM to every listed process first, then wait for all of them (dovecot alone needs ~1 s)
declare -a KINDS=() PIDS=()
while read -r kind pid; do
  [ -n "${pid:-}" ] || continue
  if ours "$pid" "$kind"; then
    kill -TERM "$pid" 2>/dev/null && { KINDS+=("$kind"); PIDS+=("$pid"); }
  else
    echo "servers: $kind pid $pid not running (or not ours) - skipped" >&2
  fi
done < "$D/pids"
for i in "${!PIDS[@]}"; do
  for _ in $(seq 1 100); do ours "${PIDS[$i]}" "${KINDS[$i]}" || break; sleep 0.05; done
  if ours "${PIDS[$i]}" "${KINDS[$i]}"; then
    echo "servers: ${KINDS[$i]} pid ${PIDS[$i]} ignored SIGTERM for 5 s - SIGKILL" >&2
    kill -KILL "${PIDS[$i]}" 2>/dev/null; rc=1
  fi
done

# dovecot/postfix masters take their children with them; make sure nothing of ours is left
sleep 0.1
# one grep over all cmdlines; "[a-zA-Z]" keeps grep from matching its own argument
left=$(grep -laE -- "$(printf '%s' "$D" | sed 's/[.[\*^$()+?{|]/\\&/g')/[a-zA-Z]" /proc/[0-9]*/cmdline 2>/dev/null \
  | while read -r f; do p=${f#/proc/}; p=${p%/cmdline}; echo "$p: $(tr '\0' ' ' < "$f" 2>/dev/null)"; done)
[ -z "$left" ] || { echo "servers: still running:" >&2; echo "$left" >&2; rc=1; }

: > "$D/pids"
if [ "$KEEP" = 1 ]; then
  echo "servers: stopped; kept $D" >&2
elif [ -f "$D/.owned" ]; then
  rm -rf "$D"
  echo "servers: stopped; removed $D" >&2
else
  rm -rf "$D/tls" "$D/dovecot" "$D/log" "$D/mail" "$D/postfix" "$D/pids" "$D/servers.env"
  echo "servers: stopped; removed the server files in $D" >&2
fi
exit $rc
