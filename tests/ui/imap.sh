#!/usr/bin/env bash
# imap.sh - an imaps:// folder in the interface, against the private
# dovecot, as a person meets it the first time: the server's certificate is
# unknown, so tern shows it (subject, issuer, validity, SHA-256) and asks;
# "accept always" stores it (0600) and the next start does not ask again.
# With no $imap_pass the password is asked for, typed unseen. The folder
# loads, a message opens with its body decoded, a wrong password is
# reported and tern keeps working, and "reject" stops the open.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 16
servers_start TESTENV_SMTP=none TESTENV_PROXY=0
tmp=$(tap_tmpdir)
certs=$tmp/certs
printf 'set certificate_file="%s"\nset imap_user=%s\nset header_cache=/dev/null\nset sort=mailbox-order\nset mail_check=1\n' \
	"$certs" "$TESTENV_USER1" >"$tmp/rc"
URL="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX"
start() { ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$URL"; }

start
if ui_wait 'is not trusted' 10 && ui_wait '^SHA-256: +[0-9A-F]{2}(:[0-9A-F]{2})+' 2 &&
	ui_wait '^Issuer: +CN=testenv CA' 2 && ui_wait '\(r\)eject, accept \(o\)nce, \(a\)ccept always' 2; then
	ok "an unknown certificate is shown with its issuer and fingerprint, and tern asks"
else
	not_ok "an unknown certificate is shown with its issuer and fingerprint, and tern asks"
fi
ui_keys a
if ui_wait "^Password for $TESTENV_USER1@$TESTENV_HOST: *\$" 10; then ok "with no \$imap_pass the password is asked for"; else not_ok "with no \$imap_pass the password is asked for"; fi
ui_type "$TESTENV_PASS1"
if ! ui_screen | grep -q "$TESTENV_PASS1"; then ok "the password is not shown as it is typed"; else not_ok "the password is not shown as it is typed" "$(ui_screen | tail -2)"; fi
ui_keys Enter
if ui_wait 'Msgs:3[^0-9]' 10 && ui_wait 'Grüße mit Anhang' 2; then ok "the folder loads: 3 messages, subjects decoded"; else not_ok "the folder loads: 3 messages, subjects decoded"; fi
if grep -q 'BEGIN CERTIFICATE' "$certs" 2>/dev/null && [ "$(stat -c %a "$certs")" = 600 ]; then
	ok "accept always stored the certificate in \$certificate_file, mode 0600"
else
	not_ok "accept always stored the certificate in \$certificate_file, mode 0600" "$(ls -la "$certs" 2>&1)"
fi
# Mail delivered by another client shows up without reopening ($mail_check).
/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: arrived just now\r\n\r\nhi\r\n")
m.logout()
PY
if ui_wait 'Msgs:4[^0-9]' 15 && ui_wait 'arrived just now' 2; then ok "new mail delivered meanwhile shows up"; else not_ok "new mail delivered meanwhile shows up" "$(ui_screen)"; fi
# Another client flags that message and marks the first one read: the flags change in the index.
/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
m.select("INBOX")
m.store("4", "+FLAGS", "(\\Flagged)")
m.logout()
PY
if ui_wait '!.*arrived just now' 15; then ok "a flag set by another client shows up without reopening"; else not_ok "a flag set by another client shows up without reopening" "$(ui_screen)"; fi
ui_keys Home Down Enter
if ui_wait '^Subject: Grüße mit Anhang' 10 && ui_wait 'Jürgen' 2; then ok "a message opens from the server, decoded"; else not_ok "a message opens from the server, decoded"; fi
ui_keys q q
is "$(ui_wait_exit 10)" 0 "q q leaves tern"
ui_stop

# Again: the stored certificate is trusted; a wrong password is reported and tern goes on.
start
if ui_wait "^Password for " 10 && ! ui_screen | grep -q 'not trusted'; then ok "the stored certificate is not asked about again"; else not_ok "the stored certificate is not asked about again" "$(ui_screen)"; fi
ui_type 'wrong password'
ui_keys Enter
if ui_wait '[Aa]uthentication failed|refused' 10; then ok "a wrong password is reported"; else not_ok "a wrong password is reported"; fi
ui_keys q
is "$(ui_wait_exit 10)" 0 "tern still answers keys and quits"
ui_stop

# A new certificate file: "reject" stops the open with the reason.
certs=$tmp/certs2
printf 'set certificate_file="%s"\n' "$certs" >>"$tmp/rc"
start
ui_wait 'is not trusted' 10 >/dev/null
ui_keys r
if ui_wait 'certificate rejected|unknown authority' 10 && [ ! -s "$certs" ]; then ok "reject stops the open and stores nothing"; else not_ok "reject stops the open and stores nothing" "$(ui_screen)"; fi
ui_keys q
ui_wait_exit 10 >/dev/null || true
ui_stop

# Reading while a big folder still loads: the message opens at once, before
# the rest has arrived (the mini-index's status bar counts what is in), and
# the load goes on to the end.
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Big --count 40000 >/dev/null ||
	bail_out "make-maildir.py failed"
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset sort=mailbox-order\nset pager_index_lines=3\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc.big"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc.big" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/Big"
ui_wait '^ +1 ' 20 >/dev/null
ui_keys Enter
if ui_wait '^Subject: ' 10; then
	n=$(ui_screen | grep -o 'Msgs:[0-9]*' | head -1 | cut -d: -f2)
	if [ -n "$n" ] && [ "$n" -lt 40000 ]; then ok "a message opens while the folder loads ($n of 40000 in)"; else not_ok "a message opens while the folder loads" "Msgs:$n $(ui_screen | head -5)"; fi
else
	not_ok "a message opens while the folder loads" "$(ui_screen)"
fi
ui_keys q
if ui_wait 'Msgs:40000[^0-9]' 60; then ok "and the load goes on to the end"; else not_ok "and the load goes on to the end" "$(ui_screen | tail -3)"; fi
ui_keys q
ui_wait_exit 10 >/dev/null || true
ui_stop

# Idle checks ($mail_check every second) find nothing new: the folder's
# state in the header cache is not written again.
mkdir -p "$tmp/hc"
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache="%s/"\nset mail_check=1\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" "$tmp/hc" >"$tmp/rc.hc"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc.hc" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX"
ui_wait 'Msgs:[0-9]+' 20 >/dev/null
sleep 1.5
before=$(find "$tmp/hc" -type f -printf '%T@ %p\n' | sort)
sleep 3
after=$(find "$tmp/hc" -type f -printf '%T@ %p\n' | sort)
if [ -n "$before" ] && [ "$before" = "$after" ]; then ok "idle checks do not rewrite the header cache"; else not_ok "idle checks do not rewrite the header cache" "$before / $after"; fi
ui_keys q
ui_wait_exit 10 >/dev/null || true
