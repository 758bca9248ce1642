# servers.sh - the test mail servers (tests/servers/) for one test script.
#
#   . "$top_srcdir/tests/lib/tap.sh"
#   . "$top_srcdir/tests/lib/servers.sh"
#   servers_start [NAME=value...]     # e.g. TESTENV_SMTP=none TESTENV_PROXY=0
#   ... use $TESTENV_IMAPS_PORT, $TESTENV_CA, $TESTENV_USER1 ... (see tests/servers/README.md)
#
# servers_start starts one private instance (dovecot, SMTP, hostile proxy) on
# free high ports of 127.0.0.1, exports its TESTENV_* variables into the
# script, and registers servers_stop to run when the script exits, however it
# exits. A server that does not come up is an error (Bail out!), never a skip:
# ./quickstart installs what the servers need. TESTENV_KEEP=1 keeps the
# instance's directory (configs, logs, Maildirs) for a post-mortem.

SERVERS_HOME=$top_srcdir/tests/servers

servers_start() {
	local out log
	log=$(mktemp "${TMPDIR:-/tmp}/tern-servers-start.XXXXXX")
	# A TESTENV_DIR inherited from a shell that sourced servers.env would make
	# start-servers.sh reuse (and refuse) that instance's directory.
	unset TESTENV_DIR
	# stdout is captured: start-servers.sh starts every daemon with its stdio
	# redirected to files, so none keeps this pipe open.
	if ! out=$(env "$@" bash "$SERVERS_HOME/start-servers.sh" 2>"$log" </dev/null); then
		diag "$(cat "$log")"
		rm -f "$log"
		bail_out "the test servers did not start (log above)"
	fi
	eval "$out"
	at_exit servers_stop
	diag "servers up in ${TESTENV_STARTUP_MS:-?} ms in $TESTENV_DIR (SMTP: $TESTENV_SMTP_KIND)"
	rm -f "$log"
}

servers_stop() {
	[ -n "${TESTENV_DIR:-}" ] || return 0
	local keep= out
	[ "${TESTENV_KEEP:-0}" = 1 ] && keep=--keep
	# Stops only what this instance started (the PIDs in its own pids file).
	out=$(bash "$SERVERS_HOME/stop-servers.sh" "$TESTENV_DIR" $keep 2>&1) || diag "$out"
	unset TESTENV_DIR
}
