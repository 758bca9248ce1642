#!/usr/bin/env bash
# imap_partial.sh - a large message on an IMAP server is shown without
# downloading what the pager does not show: its text comes, its 600 KB
# attachment is named "not downloaded" with its size, and dovecot's rawlog
# shows section fetches and no BODY.PEEK[] of the whole message. Piping the
# message (like saving or replying) still reads it whole.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 5
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
tmp=$(tap_tmpdir)
raw=$TESTENV_DIR/log/rawlog
/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" <<'PY'
import base64, imaplib, os, ssl, sys
ca, port, user, pw = sys.argv[1:]
blob = base64.encodebytes(os.urandom(450000)).replace(b"\n", b"\r\n")
msg = (b"From: a@example.org\r\nSubject: big one\r\nMIME-Version: 1.0\r\n"
       b"Content-Type: multipart/mixed; boundary=\"xx\"\r\n\r\n"
       b"--xx\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nthe visible text\r\n"
       b"--xx\r\nContent-Type: application/octet-stream; name=\"blob.bin\"\r\n"
       b"Content-Transfer-Encoding: base64\r\n\r\n" + blob + b"--xx--\r\n")
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
m.create("Big")
m.append("Big", None, None, msg)
m.logout()
PY
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\nset wait_key=no\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/Big"
ui_wait 'big one' 15 >/dev/null
ui_keys Enter
if ui_wait 'the visible text' 10; then ok "the pager shows the text part"; else not_ok "the pager shows the text part" "$(ui_screen)"; fi
if ui_wait 'application/octet-stream, [0-9.]+[KM], not downloaded' 2; then ok "the attachment is named, not downloaded, with its size"; else not_ok "the attachment is named, not downloaded, with its size" "$(ui_screen)"; fi
ui_keys '|'
ui_wait 'Pipe to command:' 5 >/dev/null
ui_type "wc -c > $tmp/piped"
ui_keys Enter
for _ in $(seq 1 100); do [ -s "$tmp/piped" ] && break; sleep 0.1; done
bytes=$(tr -dc 0-9 <"$tmp/piped" 2>/dev/null)
if [ "${bytes:-0}" -gt 600000 ]; then ok "piping reads the whole message ($bytes bytes)"; else not_ok "piping reads the whole message" "${bytes:-nothing}"; fi
ui_keys q q
ui_wait_exit 10 >/dev/null || true
for _ in $(seq 1 100); do grep -qs LOGOUT "$raw"/*.in && break; sleep 0.05; done
sent=$(cat "$raw"/*.in 2>/dev/null)
n_whole=$(grep -ci 'BODY.PEEK\[\]' <<<"$sent")
# one whole fetch: the pipe's; the pager's read asked for sections only
if grep -qiE 'BODY.PEEK\[1\]|BODY.PEEK\[1\.MIME\]' <<<"$sent"; then ok "the pager fetched sections"; else not_ok "the pager fetched sections" "$(grep -i fetch <<<"$sent" | head -5)"; fi
is "$n_whole" 1 "and the whole message only once, for the pipe"
