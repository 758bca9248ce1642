#!/usr/bin/env bash
# imapscript_self.sh - the scripted IMAP server (tests/servers/imapscript.py,
# tests/lib/imapscript.sh) does what its scripts say, checked with a small
# Python client (imaplib, or raw sockets where the exact bytes matter): a
# script plays and the transcript holds the client's exact bytes; a client
# that strays from the script fails it, with the step named; STARTTLS
# injection really sends cleartext after the OK; implicit TLS uses the test
# CA; close and stall; the 10 MiB line, the absurd literal and the deep
# BODYSTRUCTURE are what they claim; several connections, loops, literals
# from the client; stopping a server. Takes about 15 s (mostly Python start-ups).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

T=$(tap_tmpdir)
CLIENT=$T/client.py
cat >"$CLIENT" <<'PYEOF'
# client.py MODE PORT CA [FILE]: the self-test's IMAP client; prints key=value facts.
import imaplib, re, socket, ssl, sys, time

mode, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
arg = sys.argv[4] if len(sys.argv) > 4 else None


def fact(k, v):
    print(f"{k}={v}", flush=True)


def tls_ctx():
    ctx = ssl.create_default_context(cafile=ca)
    return ctx


class Raw:
    def __init__(s, tls=True):
        s.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if tls:
            s.sock = tls_ctx().wrap_socket(s.sock, server_hostname="localhost")
        s.buf = bytearray()

    def send(s, data):
        s.sock.sendall(data)

    def fill(s):
        d = s.sock.recv(1 << 16)
        if not d:
            raise EOFError
        s.buf += d

    def line(s):
        start = 0
        while True:
            i = s.buf.find(b"\r\n", start)
            if i >= 0:
                break
            start = max(0, len(s.buf) - 1)
            s.fill()
        out = bytes(s.buf[:i + 2])
        del s.buf[:i + 2]
        return out

    def exact(s, n):
        while len(s.buf) < n:
            s.fill()
        out = bytes(s.buf[:n])
        del s.buf[:n]
        return out

    def response(s):
        out = b""
        while True:
            ln = s.line()
            out += ln
            m = re.search(rb"\{(\d+)\}\r\n$", ln)
            if not m:
                return out
            out += s.exact(int(m.group(1)))

    def cmd(s, tag, text):
        s.send(tag + b" " + text + b"\r\n")
        rs = []
        while True:
            r = s.response()
            rs.append(r)
            if r.startswith(tag + b" "):
                return rs

    def eof(s, timeout=5):
        s.sock.settimeout(timeout)
        try:
            while True:
                s.fill()
        except EOFError:
            return True
        except ConnectionResetError:
            return "reset"
        except (socket.timeout, ssl.SSLError, ConnectionError):
            return False

    def login_select(s):
        s.response()  # greeting
        s.cmd(b"a1", b'LOGIN alice "pw"')
        s.cmd(b"a2", b"SELECT INBOX")


def happy():
    class Recording(imaplib.IMAP4_SSL):
        sent = b""

        def send(self, data):
            Recording.sent += data
            super().send(data)
    m = Recording("127.0.0.1", port, ssl_context=tls_ctx())
    m.login("alice", "pw")
    typ, data = m.select("INBOX")
    fact("exists", data[0].decode())
    typ, data = m.fetch("1:3", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    subj = [re.search(rb"Subject: (.*?)\r\n", p[1]).group(1).decode() for p in data if isinstance(p, tuple)]
    fact("subjects", "|".join(subj))
    m.logout()
    with open(arg, "wb") as f:
        f.write(Recording.sent)


def untrusted():
    try:
        imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ssl.create_default_context())
        fact("verify", "accepted")
    except ssl.SSLCertVerificationError:
        fact("verify", "failed")


def mismatch():
    r = Raw()
    r.response()
    r.send(b"x1 SELECT INBOX\r\n")
    fact("eof", "yes" if r.eof() is True else "no")
    fact("after", len(r.buf))


def inject():
    r = Raw(tls=False)
    fact("greeting", r.response().decode().strip())
    r.send(b"a1 STARTTLS\r\n")
    r.sock.settimeout(2)
    try:   # all the cleartext the server sends before the handshake
        while not r.buf.endswith(b"INJECTED before the TLS handshake\r\n"):
            r.fill()
    except socket.timeout:
        pass
    plain = bytes(r.buf)
    fact("plain_ok", "yes" if plain.startswith(b"a1 OK Begin TLS") else "no")
    fact("plain_injected", "yes" if b"* CAPABILITY IMAP4rev1 AUTH=INJECTED\r\n* OK [ALERT] INJECTED" in plain else "no")
    r.buf = bytearray()     # discarded, as a correct client must
    r.sock.settimeout(10)
    r.sock = tls_ctx().wrap_socket(r.sock, server_hostname="localhost")
    fact("tls", r.sock.version())
    caps = b"".join(r.cmd(b"a2", b"CAPABILITY"))
    fact("tls_injected", "yes" if b"INJECTED" in caps else "no")
    r.cmd(b"a3", b'LOGIN alice "pw"')
    r.cmd(b"a4", b"SELECT INBOX")
    rs = r.cmd(b"a5", b"FETCH 1:3 (UID BODY.PEEK[HEADER])")
    fact("fetched", len(rs) - 1)
    logout(r, b"a6")


def logout(r, tag=b"a4"):
    """LOGOUT; the server answers and closes (a LOGOUT handler with "=> close")."""
    r.cmd(tag, b"LOGOUT")
    fact("eof", "yes" if r.eof() is True else "no")


def fetch_first(r):
    r.login_select()
    r.send(b"a3 FETCH 1 (UID BODY.PEEK[])\r\n")


def closemid():
    r = Raw()
    fetch_first(r)
    head = r.line()
    fact("header", head.decode().strip())
    fact("eof", "yes" if r.eof() is True else "no")
    fact("literal_bytes", len(r.buf))


def stall():
    r = Raw()
    fetch_first(r)
    r.line()
    r.sock.settimeout(1.0)
    try:
        while True:
            r.fill()
    except socket.timeout:
        fact("timed_out", "yes")
    except EOFError:
        fact("timed_out", "no (eof)")
    fact("got", len(r.buf))
    r.sock.close()


def line10mb():
    r = Raw()
    fetch_first(r)
    ln = r.line()
    prefix, suffix = b"* 1 FETCH (UID 1 X-JUNK ", b")\r\n"
    mid = ln[len(prefix):-len(suffix)]
    fact("framing", "yes" if ln.startswith(prefix) and ln.endswith(suffix) else "no")
    fact("junk", len(mid))
    fact("only_a", "yes" if mid == b"a" * len(mid) else "no")
    fact("tagged", r.line().decode().strip())
    logout(r)


def absurd():
    r = Raw()
    fetch_first(r)
    head = r.line()
    fact("header", head.decode().strip())
    end = b"a3 OK FETCH completed\r\n"
    while end not in r.buf:
        r.fill()
    body = bytes(r.buf[:r.buf.index(end)])
    fact("following", len(body) - len(b")\r\n"))
    fact("closing", "yes" if body.endswith(b")\r\n") else "no")
    del r.buf[:r.buf.index(end) + len(end)]
    logout(r)


def deep():
    r = Raw()
    fetch_first(r)
    ln = r.line()
    bs = ln[ln.index(b"BODYSTRUCTURE ") + 14:]
    fact("opening", len(bs) - len(bs.lstrip(b"(")))
    fact("mixed", bs.count(b' "mixed")'))
    # the last ")" closes the FETCH
    fact("balanced", "yes" if bs.count(b"(") + 1 == bs.count(b")") else "no")
    r.line()
    logout(r)


def noise():
    r = Raw()
    rs = [r.response()]
    rs += r.cmd(b"a1", b'LOGIN alice "pw"')
    rs += r.cmd(b"a2", b"SELECT INBOX")
    rs += r.cmd(b"a3", b"FETCH 1:3 (UID BODY.PEEK[HEADER])")
    rs += r.cmd(b"a4", b"LOGOUT")
    fact("exists3", sum(1 for x in rs if x == b"* 3 EXISTS\r\n"))
    fact("flags2", sum(1 for x in rs if x == b"* 2 FETCH (FLAGS (\\Seen \\Flagged))\r\n"))
    lits = [x for x in rs if re.match(rb"\* \d FETCH .*\{\d+\}\r\nFrom: ", x)]
    fact("literals", len(lits))
    fact("tagged_last", "yes" if rs[-1].startswith(b"a4 OK") else "no")
    fact("eof", "yes" if r.eof() is True else "no")


def multi():
    r = Raw(tls=False)
    fact("greeting1", r.line().decode().strip())
    fact("reply1", b"".join(r.cmd(b"a1", b"NOOP")).decode().strip())
    r.sock.close()
    r = Raw(tls=False)
    fact("greeting2", r.line().decode().strip())
    out = []
    for i in range(3):
        out.append(b" ".join(x.strip() for x in r.cmd(b"b%d" % i, b"NOOP")).decode())
    fact("reply2", "|".join(out))
    r.sock.close()


def nostarttls_login():
    r = Raw(tls=False)
    r.response()
    r.send(b'a1 LOGIN alice "pw"\r\n')
    fact("eof", "yes" if r.eof() is True else "no")


def nostarttls_polite():
    r = Raw(tls=False)
    r.response()
    caps = r.cmd(b"a1", b"CAPABILITY")[0]
    fact("starttls", "yes" if b"STARTTLS" in caps else "no")
    fact("logout", r.cmd(b"a2", b"LOGOUT")[-1].decode().strip())
    r.sock.close()


def happy_starttls():
    m = imaplib.IMAP4("127.0.0.1", port)
    fact("starttls_offered", "yes" if "STARTTLS" in m.capabilities else "no")
    m.starttls(ssl_context=tls_ctx())
    fact("tls_caps", " ".join(m.capabilities))
    m.login("alice", "pw")
    fact("exists", m.select("INBOX")[1][0].decode())
    typ, data = m.fetch("1:3", "(UID BODY.PEEK[HEADER])")
    fact("literals", sum(1 for p in data if isinstance(p, tuple)))
    m.logout()


def preauth():
    r = Raw(tls=False)
    fact("greeting", r.line().decode().strip())
    r.sock.close()


def hostile():
    """The answer to the first FETCH, escaped, then LOGOUT (which closes)."""
    r = Raw()
    fetch_first(r)
    out = b""
    while True:
        ln = r.line()
        out += ln
        if ln.startswith(b"a3 "):
            break
    fact("answer", out.decode("latin-1").replace("\r\n", "|"))
    logout(r)


def tlsclose():
    """How each connection's TLS stream ends: clean (close_notify) or ragged."""
    ends = []
    for i in range(2):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        ctx = tls_ctx()
        ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF   # Python sets it by default
        sock = ctx.wrap_socket(sock, server_hostname="localhost", suppress_ragged_eofs=False)
        data = b""
        try:
            while True:
                d = sock.recv(4096)
                if not d:
                    ends.append("clean")
                    break
                data += d
        except ssl.SSLError as e:
            ends.append("ragged" if "UNEXPECTED_EOF" in str(e) or isinstance(e, ssl.SSLEOFError) else str(e))
        except OSError as e:
            ends.append(type(e).__name__)
        ends[-1] += ":" + data.decode().strip()
        sock.close()
    fact("ends", " ".join(ends))


def lang():
    r = Raw(tls=False)
    r.line()
    r.send(b"a1 LOGIN {5}\r\n")
    fact("continuation", r.line().decode().strip())
    r.send(b'alice "pw"\r\n')
    fact("tagged", r.line().decode().strip())
    fact("closed", r.eof())
    with open(arg, "rb") as f:
        fact("file", "same" if r.buf == f.read() else "differs: %r" % r.buf[:80])


globals()[mode]()
PYEOF

OUT=
# run MODE [ARG]: the client against the running server; its facts in $OUT.
run() {
	OUT=$(timeout 30 "$IMAPSCRIPT_PY" "$CLIENT" "$1" "$IMAPSCRIPT_PORT" "$IMAPSCRIPT_CA" "${2:-}" 2>&1) ||
		diag "client $1 failed: $OUT"
}
# fact KEY: the value the client printed as KEY=value.
fact() {
	sed -n "s/^$1=//p" <<<"$OUT" | head -n 1
}
# server_is RC NAME: the server ended with exit status RC.
server_is() {
	local rc=0
	imapscript_wait 15 || rc=$?
	if [ "$rc" = "$1" ]; then
		ok "$2"
	else
		not_ok "$2" "server exit status $rc, want $1" "result: $(imapscript_result)" \
			"$(tail -n 5 "$IMAPSCRIPT_LOG")"
	fi
}
# has FILE PATTERN NAME: FILE has a line matching the fixed string PATTERN.
has() {
	if grep -qF -- "$2" "$1"; then ok "$3"; else fail_with_log "$3" "$1" 12; fi
}

# --- the scripts parse; a broken one is refused with its file and line
SCRIPTS="happy happy-starttls literal-absurd literal-negative literal-stall
	paren-unbalanced line-10mb bodystructure-deep wrong-types seq-out-of-range
	exists-shrink untagged-anytime close-mid starttls-inject no-starttls preauth-plain
	newest-first hole-reconnect condstore"
files=()
for s in $SCRIPTS; do files+=("$IMAPSCRIPT_DATA/$s.script"); done
check "the 19 scripts of tests/data/imapscript parse" \
	"$IMAPSCRIPT_PY" "$IMAPSCRIPT_HOME/imapscript.py" --check "${files[@]}"
printf 'send * OK hi\n# a comment\nexpct a1 NOOP\n' >"$T/bad.script"
rc=0
err=$("$IMAPSCRIPT_PY" "$IMAPSCRIPT_HOME/imapscript.py" --check "$T/bad.script" 2>&1) || rc=$?
is "$rc $err" "2 imapscript: bad.script:3: unknown step 'expct'" \
	"a misspelt step is a syntax error naming file and line (exit 2)"

# --- happy.script over implicit TLS with imaplib, trusting the test CA
imapscript_start happy
run happy "$T/sent"
is "$(fact exists)" 3 "happy: SELECT reports 3 messages"
is "$(fact subjects)" "first|second|Re: second" "happy: the 3 header literals arrive intact"
server_is 0 "happy: the server's script passes"
is "$(imapscript_result)" PASS "happy: the transcript ends with result PASS"
check "happy: the raw transcript is exactly the bytes the client sent" cmp "$T/sent" "$IMAPSCRIPT_RAW"
check "happy: the escaped C lines of the transcript decode to the same bytes" \
	"$IMAPSCRIPT_PY" -c '
import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, sys.argv[3])
from imapscript import unescape
got = b"".join(unescape(l[4:].rstrip("\n").encode()) for l in open(sys.argv[1]) if l.startswith("1 C "))
sys.exit(got != open(sys.argv[2], "rb").read())' "$IMAPSCRIPT_TRANSCRIPT" "$T/sent" "$IMAPSCRIPT_HOME"
has "$IMAPSCRIPT_TRANSCRIPT" "1 tls TLSv1.3" "happy: the transcript records the TLS handshake"

# --- the certificate really is the test CA's: the system store refuses it
imapscript_start happy
run untrusted
is "$(fact verify)" failed "implicit TLS: a client trusting only the system store refuses the certificate"
server_is 1 "implicit TLS: the refused handshake fails the script"
has "$IMAPSCRIPT_TRANSCRIPT" "TLS handshake failed" "implicit TLS: the transcript says why"

# --- a client that strays from the script fails it
login_line=$(grep -n '^expect-re .*LOGIN' "$IMAPSCRIPT_DATA/login-select.inc" | cut -d: -f1)
imapscript_start happy
run mismatch
is "$(fact eof)" yes "mismatch: the server closes the connection"
server_is 1 "mismatch: the server exits 1"
has "$IMAPSCRIPT_TRANSCRIPT" "result FAIL connection 1: login-select.inc:$login_line (expect-re ^(\S+) (?i:LOGIN)\s): got \"x1 SELECT INBOX\r\n\"" \
	"mismatch: the transcript names the step (file:line) and what came instead"
has "$IMAPSCRIPT_LOG" "FAIL connection 1: login-select.inc:$login_line (" "mismatch: so does stderr"

# --- STARTTLS injection
imapscript_start starttls-inject
run inject
is "$(fact plain_ok)" yes "inject: the STARTTLS OK arrives in cleartext"
is "$(fact plain_injected)" yes "inject: the injected responses follow it in cleartext, before the handshake"
is "$(fact tls)" TLSv1.3 "inject: the TLS handshake then succeeds with the test CA"
is "$(fact tls_injected)" no "inject: the capabilities after TLS are the real ones"
is "$(fact fetched) $(fact eof)" "3 yes" "inject: the session goes on to FETCH over TLS and LOGOUT"
server_is 0 "inject: the script passes"
has "$IMAPSCRIPT_TRANSCRIPT" '1 S a1 OK Begin TLS negotiation now\r\n* CAPABILITY IMAP4rev1 AUTH=INJECTED\r\n' \
	"inject: the OK and the injected bytes went out in one write"
is "$(imapscript_client_before_tls | tr '\n' '|')" 'a1 STARTTLS\r\n|' \
	"inject: imapscript_client_before_tls shows only STARTTLS in cleartext"
is "$(imapscript_client | grep -c LOGIN)" 1 "inject: imapscript_client shows the LOGIN (after TLS)"

# --- close mid-response, stall
imapscript_start close-mid
run closemid
is "$(fact header)" "* 1 FETCH (UID 1 RFC822.SIZE 2000 BODY[] {2000}" "close: the literal header announces 2000 bytes"
is "$(fact literal_bytes) $(fact eof)" "700 yes" "close: 700 bytes come, then EOF"
server_is 0 "close: the script passes"

imapscript_start literal-stall
t0=$(date +%s%N)
run stall
t1=$(date +%s%N)
is "$(fact got) $(fact timed_out)" "200 yes" "stall: 200 of 1000 literal bytes, then silence: the client times out"
if [ $(((t1 - t0) / 1000000)) -ge 1000 ]; then ok "stall: the silence lasted the client's whole 1 s timeout"; else not_ok "stall: the silence lasted the client's whole 1 s timeout" "only $(((t1 - t0) / 1000000)) ms"; fi
server_is 0 "stall: the client's close ends the stall and the script passes"
has "$IMAPSCRIPT_TRANSCRIPT" "1 eof during stall" "stall: the transcript records the client's close"

# --- the big hostile responses are what they say
imapscript_start line-10mb
run line10mb
is "$(fact framing) $(fact junk) $(fact only_a)" "yes 10485760 yes" "10 MiB line: one line with 10485760 'a' and no line end inside"
is "$(fact tagged)" "a3 OK FETCH completed" "10 MiB line: the tagged OK follows"
server_is 0 "10 MiB line: the script passes"

imapscript_start literal-absurd
run absurd
is "$(fact header)" "* 1 FETCH (UID 1 BODY[HEADER] {18446744073709551617}" "absurd literal: the header claims 2^64+1 bytes"
is "$(fact following) $(fact closing)" "4096 yes" "absurd literal: 4096 bytes and ')' follow, then the tagged OK"
server_is 0 "absurd literal: the script passes"

imapscript_start bodystructure-deep
run deep
is "$(fact opening) $(fact mixed) $(fact balanced) $(fact eof)" "10001 10000 yes yes" "deep BODYSTRUCTURE: 10,000 nested multiparts around one part"
server_is 0 "deep BODYSTRUCTURE: the script passes"

# --- untagged noise between responses, never inside a literal
imapscript_start untagged-anytime
run noise
is "$(fact literals) $(fact tagged_last) $(fact eof)" "3 yes yes" "noise: the 3 header literals are intact and LOGOUT is answered"
is "$(fact exists3)" 9 "noise: '* 3 EXISTS' before each of the 9 response lines of LOGIN and SELECT"
is "$(fact flags2)" 4 "noise: unsolicited FETCH flags before each of the 4 FETCH response lines"
server_is 0 "noise: the script passes"

# --- STARTTLS done right, PREAUTH
imapscript_start happy-starttls
run happy_starttls
is "$(fact starttls_offered) / $(fact tls_caps)" "yes / IMAP4REV1 LITERAL+" \
	"happy-starttls: STARTTLS offered in cleartext, not after the handshake"
is "$(fact exists) $(fact literals)" "3 3" "happy-starttls: SELECT and FETCH over TLS"
server_is 0 "happy-starttls: the script passes"
has "$IMAPSCRIPT_TRANSCRIPT" "1 tls TLSv1.3" "happy-starttls: the transcript records the upgrade"

imapscript_start preauth-plain
run preauth
is "$(fact greeting)" "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in as alice" "preauth: the PREAUTH greeting in cleartext"
server_is 0 "preauth: a client that hangs up at once passes"

# --- the other hostile answers, each as the script says, then LOGOUT
while IFS='|' read -r script want; do
	imapscript_start "$script"
	run hostile
	case $(fact answer) in
	*"$want"*) ok "$script: the FETCH answer has $want" ;;
	*) not_ok "$script: the FETCH answer has $want" "got: $(fact answer)" ;;
	esac
	server_is 0 "$script: LOGOUT after it ends the script"
done <<'LIST'
literal-negative|* 1 FETCH (UID 1 BODY[HEADER] {-1}|0123456789abcdef)|a3 OK
paren-unbalanced|* 1 FETCH (UID 1 FLAGS (\Seen)))|* 2 FETCH (UID 2 FLAGS (\Seen)|* 3 FETCH ((((UID 3 FLAGS (|a3 OK
wrong-types|* 1 FETCH (UID "one" RFC822.SIZE "big" FLAGS "seen" INTERNALDATE 42)|
seq-out-of-range|* 99999 FETCH (UID 99999 FLAGS (\Seen))|* 0 FETCH (UID 5 FLAGS ())|* 99999 EXPUNGE|
exists-shrink|* 10 EXISTS|* 1 FETCH (UID 1 FLAGS (\Seen))|* 5 EXISTS|
LIST

# --- a server without STARTTLS: a LOGIN fails the script, a LOGOUT is answered
imapscript_start no-starttls
run nostarttls_login
is "$(fact eof)" yes "no STARTTLS: a LOGIN gets the connection closed"
server_is 1 "no STARTTLS: the LOGIN fails the script"
has "$IMAPSCRIPT_TRANSCRIPT" 'no-starttls.script:7 (expect-eof): expected the client to close, got "a1 LOGIN alice "pw"\r\n"' \
	"no STARTTLS: the transcript shows the forbidden LOGIN"
imapscript_start no-starttls
run nostarttls_polite
is "$(fact starttls) $(fact logout)" "no a2 OK LOGOUT completed" "no STARTTLS: CAPABILITY and LOGOUT are answered by 'on' handlers"
server_is 0 "no STARTTLS: a client that gives up passes"

# --- several connections, loop, exact expect, variables
cat >"$T/multi.script" <<'SCRIPT'
send * OK one
expect a1 NOOP
send $tag OK first
expect-eof
connection
send * OK two
loop
  expect-tag noop
  send * 1 EXISTS
  send $tag OK noop ${tag}$$
end
SCRIPT
imapscript_start "$T/multi.script"
run multi
is "$(fact greeting1) / $(fact reply1)" "* OK one / a1 OK first" "connections: section 1 serves the first connection"
is "$(fact greeting2) / $(fact reply2)" "* OK two / * 1 EXISTS b0 OK noop b0\$|* 1 EXISTS b1 OK noop b1\$|* 1 EXISTS b2 OK noop b2\$" \
	"connections: section 2 the second; the loop runs until the client closes"
server_is 0 "connections: the script passes"
has "$IMAPSCRIPT_TRANSCRIPT" '2 C b2 NOOP\r\n' "connections: the transcript numbers the connections"

# --- a literal from the client, named captures, send-file, close rst
printf '* 1 EXISTS\r\n* 2 EXISTS\r\n' >"$T/lit.txt"
cat >"$T/lang.script" <<'SCRIPT'
send * OK hi
expect-re ^(?P<tag>\S+) LOGIN \{(?P<n>\d+)\}$
send + go on
expect-literal 5 alice
expect-re ^ "pw"$
send $tag OK n=$n
send-file lit.txt
sleep 100
close rst
SCRIPT
imapscript_start "$T/lang.script"
run lang "$T/lit.txt"
is "$(fact continuation) / $(fact tagged)" "+ go on / a1 OK n=5" "language: expect-literal and named captures"
is "$(fact file) $(fact closed)" "same reset" "language: send-file sends the file as is; close rst resets"
server_is 0 "language: the script passes"

# --- close over TLS: with a close_notify, or ragged
printf '%s\n' tls "send * OK one" close connection tls "send * OK two" "close ragged" >"$T/tlsclose.script"
imapscript_start "$T/tlsclose.script"
run tlsclose
is "$(fact ends)" "clean:* OK one ragged:* OK two" "close: over TLS a close_notify first; 'close ragged' leaves it out"
server_is 0 "close: the script passes"

# --- imapscript_wait gives up, imapscript_stop stops only its own server
imapscript_start happy --accept-timeout 60
pid=$IMAPSCRIPT_PID
rc=0
imapscript_wait 1 || rc=$?
is "$rc" 124 "wait: a server still waiting for its client is stopped after the wait's limit"
if kill -0 "$pid" 2>/dev/null; then not_ok "stop: the server is gone"; else ok "stop: the server is gone"; fi

done_testing
