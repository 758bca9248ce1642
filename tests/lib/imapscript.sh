# imapscript.sh - the scripted IMAP server (tests/servers/imapscript.py) for one
# test script: hostile or broken server behaviour replayed from
# tests/data/imapscript/*.script (language: doc/internals/imapscript.md).
#
#   . "$top_srcdir/tests/lib/tap.sh"
#   . "$top_srcdir/tests/lib/imapscript.sh"
#   imapscript_start literal-absurd       # a name in tests/data/imapscript, or a path
#   ... run the client against 127.0.0.1:$IMAPSCRIPT_PORT trusting $IMAPSCRIPT_CA ...
#   imapscript_wait 10 && ok "the server's script passed"   # its exit status
#   grep -c ... "$IMAPSCRIPT_TRANSCRIPT"  # or imapscript_client / _before_tls
#
# imapscript_start exports (for a C test program or tern run by the script):
#   IMAPSCRIPT_PORT        the port on 127.0.0.1 (a free one, picked by the kernel)
#   IMAPSCRIPT_CA          the test CA (PEM) that signed the server certificate
#                          (subjectAltName DNS:localhost, IP:127.0.0.1)
#   IMAPSCRIPT_TRANSCRIPT  the event log: "<conn> C <client bytes, escaped>",
#                          "<conn> S <server bytes>", "<conn> tls ...", and a
#                          last line "result PASS" or "result FAIL <step>: <why>"
#   IMAPSCRIPT_RAW         the client's bytes exactly, nothing else
#   IMAPSCRIPT_LOG         the server's stderr;  IMAPSCRIPT_PID its process id
# One server at a time: imapscript_start stops the previous one. It must be
# called in the test script itself, not in $(...): the server is this shell's
# child, which is what lets imapscript_stop signal it without any risk of
# hitting another process (an unreaped child's PID cannot be reused). The
# server is stopped when the script exits, however it exits.

IMAPSCRIPT_HOME=$top_srcdir/tests/servers
IMAPSCRIPT_DATA=$top_srcdir/tests/data/imapscript
# Debian's python: the one first on PATH may be a pyenv one.
IMAPSCRIPT_PY=/usr/bin/python3
IMAPSCRIPT_PID=
IMAPSCRIPT_AT_EXIT_=

# imapscript_certs: a CA and a server certificate for 127.0.0.1/localhost,
# made once per test script with openssl (EC P-256, about 50 ms), or the
# dovecot instance's when servers_start ran first (one CA for both).
imapscript_certs() {
	local d
	if [ -n "${TESTENV_DIR:-}" ] && [ -s "$TESTENV_DIR/tls/server.crt" ]; then
		d=$TESTENV_DIR/tls
	else
		d=$(tap_tmpdir)
		imapscript_mkcerts_ "$d" || bail_out "imapscript: openssl could not make the test certificates"
	fi
	IMAPSCRIPT_CA=$d/ca.crt IMAPSCRIPT_CERT=$d/server.crt IMAPSCRIPT_KEY=$d/server.key
	export IMAPSCRIPT_CA IMAPSCRIPT_CERT IMAPSCRIPT_KEY
}

imapscript_mkcerts_() (
	cd "$1" || exit 1
	key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
	key ca.key && key server.key &&
		openssl req -x509 -new -key ca.key -sha256 -days 30 \
			-subj "/O=tern tests/CN=imapscript test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt 2>/dev/null &&
		openssl req -new -key server.key -subj "/O=tern tests/CN=localhost" -out server.csr 2>/dev/null &&
		printf '%s\n' "basicConstraints=critical,CA:FALSE" \
			"keyUsage=critical,digitalSignature,keyEncipherment" \
			"extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" >server.ext &&
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
			-sha256 -extfile server.ext -out server.crt 2>/dev/null &&
		[ -s server.crt ]
)

# imapscript_start SCRIPT [imapscript.py options...]: start the server on a
# free port and return once it listens. SCRIPT is a path, or a name in
# tests/data/imapscript (".script" may be left out). Options: --timeout S
# (per expect step, default 10), --tls (implicit TLS on every connection),
# --accept-timeout S, --stall-max S. A server that does not come up is a
# Bail out!, never a skip.
imapscript_start() {
	local script=$1 i
	shift
	case $script in
	*/*) ;;
	*) script=$IMAPSCRIPT_DATA/${script%.script}.script ;;
	esac
	[ -r "$script" ] || bail_out "imapscript: no script $script"
	imapscript_stop
	[ -n "${IMAPSCRIPT_CA:-}" ] || imapscript_certs
	IMAPSCRIPT_DIR=$(tap_tmpdir)
	IMAPSCRIPT_TRANSCRIPT=$IMAPSCRIPT_DIR/transcript
	IMAPSCRIPT_RAW=$IMAPSCRIPT_DIR/client.raw
	IMAPSCRIPT_LOG=$IMAPSCRIPT_DIR/stderr
	"$IMAPSCRIPT_PY" "$IMAPSCRIPT_HOME/imapscript.py" --port-file "$IMAPSCRIPT_DIR/port" \
		--transcript "$IMAPSCRIPT_TRANSCRIPT" --raw "$IMAPSCRIPT_RAW" \
		--cert "$IMAPSCRIPT_CERT" --key "$IMAPSCRIPT_KEY" "$@" "$script" \
		</dev/null >"$IMAPSCRIPT_LOG" 2>&1 &
	IMAPSCRIPT_PID=$!
	if [ -z "$IMAPSCRIPT_AT_EXIT_" ]; then
		at_exit imapscript_stop
		IMAPSCRIPT_AT_EXIT_=1
	fi
	# The port file appears (renamed into place) only once the socket listens.
	for ((i = 0; i < 200; i++)); do
		[ -s "$IMAPSCRIPT_DIR/port" ] && break
		kill -0 "$IMAPSCRIPT_PID" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$IMAPSCRIPT_DIR/port" ]; then
		diag "$(cat "$IMAPSCRIPT_LOG")"
		imapscript_stop
		bail_out "imapscript: the server did not start ($script)"
	fi
	IMAPSCRIPT_PORT=$(cat "$IMAPSCRIPT_DIR/port")
	export IMAPSCRIPT_PORT IMAPSCRIPT_TRANSCRIPT IMAPSCRIPT_RAW IMAPSCRIPT_LOG IMAPSCRIPT_PID IMAPSCRIPT_DIR
}

# imapscript_wait [SECONDS]: wait (default 20 s) for the server to finish its
# script; returns its exit status: 0 every step passed, 1 a step failed (see
# imapscript_result), 2 a script error, 124 still running (then stopped).
imapscript_wait() {
	local limit=${1:-20} i rc=0
	[ -n "$IMAPSCRIPT_PID" ] || return 0
	for ((i = 0; i < limit * 20; i++)); do
		kill -0 "$IMAPSCRIPT_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$IMAPSCRIPT_PID" 2>/dev/null; then
		imapscript_stop
		return 124
	fi
	wait "$IMAPSCRIPT_PID" || rc=$?
	IMAPSCRIPT_PID=
	return $rc
}

# imapscript_stop: SIGTERM (SIGKILL after 3 s) to the server this script
# started, if it still runs; nothing else is ever signalled.
imapscript_stop() {
	local i
	[ -n "$IMAPSCRIPT_PID" ] || return 0
	if kill -0 "$IMAPSCRIPT_PID" 2>/dev/null; then
		kill -TERM "$IMAPSCRIPT_PID" 2>/dev/null
		for ((i = 0; i < 60; i++)); do
			kill -0 "$IMAPSCRIPT_PID" 2>/dev/null || break
			sleep 0.05
		done
		kill -KILL "$IMAPSCRIPT_PID" 2>/dev/null
	fi
	wait "$IMAPSCRIPT_PID" 2>/dev/null
	IMAPSCRIPT_PID=
	return 0
}

# imapscript_result: the transcript's verdict, "PASS" or "FAIL <step>: <why>".
imapscript_result() {
	sed -n 's/^result //p' "$IMAPSCRIPT_TRANSCRIPT" 2>/dev/null | tail -n 1
}

# imapscript_client [CONN]: the lines connection CONN (default 1) sent, in the
# transcript's escaped form (\r\n at the end of each line, \xNN for odd bytes).
imapscript_client() {
	sed -n "s/^${1:-1} C //p" "$IMAPSCRIPT_TRANSCRIPT"
}

# imapscript_client_before_tls [CONN]: the same, only what was sent in
# cleartext, before the TLS handshake (everything when TLS never started):
# "imapscript_client_before_tls | grep -qi ' LOGIN '" fails a test that
# caught the client logging in without TLS.
imapscript_client_before_tls() {
	sed -n "/^${1:-1} tls /q; s/^${1:-1} C //p" "$IMAPSCRIPT_TRANSCRIPT"
}
