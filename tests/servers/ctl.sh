#!/usr/bin/env bash
# ctl.sh DIR COMMAND [ARG] -- fault injection on a running test server instance (keeps DIR/pids current)
#   who                  list IMAP/POP3 sessions (doveadm who)
#   kick USER            server drops every session of USER ("* BYE Server shutting down.")
#   kill-imap USER       SIGKILL the user's imap processes (connection reset, no BYE)
#   restart-dovecot      graceful stop + start of dovecot; same ports, same mail (prints ms)
#   stop-dovecot         stop dovecot only (server down: connection refused)
#   start-dovecot        start it again
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin
D=$(cd "${1:?usage: ctl.sh DIR COMMAND [ARG]}" && pwd); CMD=${2:?command}; ARG=${3:-}
CONF=$D/dovecot/dovecot.conf
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
port() { sed -n "s/^export TESTENV_$1_PORT=//p" "$D/servers.env"; }

dove_pid() { awk '$1 == "dovecot" {print $2}' "$D/pids"; }
stop_dovecot() {
  local pid; pid=$(dove_pid)
  if [ -n "$pid" ] && grep -qs "$CONF" "/proc/$pid/cmdline"; then
    kill -TERM "$pid"
    while grep -qs "$CONF" "/proc/$pid/cmdline"; do sleep 0.02; done
  fi
  sed -i '/^dovecot /d' "$D/pids"
}
start_dovecot() {
  dovecot -c "$CONF" </dev/null >>"$D/log/dovecot-start.log" 2>&1
  # the pid file may appear just after the starting process returns
  for _ in $(seq 1 1000); do [ -s "$D/dovecot/run/master.pid" ] && break; sleep 0.01; done
  echo "dovecot $(cat "$D/dovecot/run/master.pid")" >> "$D/pids"
  local p line; p=$(port IMAP)
  for _ in $(seq 1 500); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
      line=""; IFS= read -r -t 2 line <&3 || true; exec 3>&-
      [[ "$line" == "* OK"* ]] && return 0
    fi
    sleep 0.02
  done
  echo "dovecot did not come back" >&2; return 1
}

case "$CMD" in
  who)  doveadm -c "$CONF" who ;;
  kick) doveadm -c "$CONF" kick "${ARG:?user}" ;;
  kill-imap)
    for pid in $(doveadm -c "$CONF" who -1 "${ARG:?user}" 2>/dev/null | awk 'NR > 1 && $2 == "imap" {print $3}'); do
      kill -KILL "$pid" && echo "killed imap pid $pid"
    done ;;
  stop-dovecot)  stop_dovecot ;;
  start-dovecot) start_dovecot ;;
  restart-dovecot)
    t0=$(now_ms); stop_dovecot; t1=$(now_ms); start_dovecot; t2=$(now_ms)
    echo "dovecot stopped in $((t1 - t0)) ms, answering again after $((t2 - t1)) ms" ;;
  *) echo "unknown command $CMD" >&2; exit 2 ;;
esac
