#!/usr/bin/env bash
# imap_reconnect.sh - the server drops tern's connection (dovecot kicks the
# user) while a flag change waits to be written: the next sync logs in
# again, brings the folder up to date (a message another client delivered
# meanwhile appears) and writes the change. Nothing done while the link
# was down is lost.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 4
servers_start TESTENV_SMTP=none TESTENV_PROXY=0
tmp=$(tap_tmpdir)
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset sort=mailbox-order\nset mail_check=0\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
py() { /usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" "$@"; }

ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX"
ui_wait 'Msgs:3[^0-9]' 15 || bail_out "tern did not open INBOX"
ui_keys Home F # flag the first message: a change waiting to be written
ui_wait '^ +1 .!' 5 >/dev/null
bash "$SERVERS_HOME/ctl.sh" "$TESTENV_DIR" kick "$TESTENV_USER1" >/dev/null 2>&1 ||
	bail_out "ctl.sh kick failed"
py <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:5]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: while tern was away\r\n\r\nhi\r\n")
m.logout()
PY
ui_keys '$'
if ui_wait 'Msgs:4[^0-9]' 15; then ok "after the dropped link, sync logs in again and the folder is up to date"; else not_ok "after the dropped link, sync logs in again and the folder is up to date" "$(ui_screen | tail -3)"; fi
if ui_wait 'while tern was away' 2; then ok "the message delivered meanwhile is in the index"; else not_ok "the message delivered meanwhile is in the index"; fi
flags=$(py <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:5]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw); m.select("INBOX", readonly=True)
print(m.fetch("1", "(FLAGS)")[1][0].decode())
PY
)
if grep -q 'Flagged' <<<"$flags"; then ok "the flag set before the link dropped reached the server"; else not_ok "the flag set before the link dropped reached the server" "$flags"; fi
ui_keys q
is "$(ui_wait_exit 10)" 0 "tern leaves normally"
