#!/usr/bin/env bash
# imap_idle.sh - new mail by IDLE against the private dovecot, in the
# interface. $mail_check is 600 s, so polling cannot explain what shows up:
# mail another client delivers appears within seconds, a flag another client
# sets and a message another client expunges are reflected without
# reopening, a message opens while the session idles (DONE first), and
# dovecot's rawlog shows IDLE and DONE; a link dropped while idle is taken
# up again at once. With $imap_idle unset tern never sends IDLE and polls
# with NOOP every $mail_check instead.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 16
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
tmp=$(tap_tmpdir)
rawlog=$TESTENV_DIR/log/rawlog
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset sort=mailbox-order\nset index_format="%%4C %%Z %%s"\nunset imap_deflate\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
URL="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX"

# Another client: python's imaplib runs the commands given on stdin (one a line).
other() {
	/usr/bin/python3 -c '
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
m.select("INBOX")
for line in sys.stdin:
    exec(line)
m.logout()' "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1"
}
# What tern's sessions sent (the rawlog's client side), the files of the sessions since $1.
# tern's own session: the latest that said IDLE.
tern_sent() { find "$rawlog" -name '*.in' -newer "$1" -exec grep -l ' IDLE' {} + | xargs ls -t | head -n 1 | xargs cat | tr -d '\r' | sed -E 's/^[0-9]+\.[0-9]+ //'; }
sent() { find "$rawlog" -name '*.in' -newer "$1" -exec cat {} + 2>/dev/null | tr -d '\r' | sed -E 's/^[0-9]+\.[0-9]+ //'; }
# Wait up to $2 s for the client side to show a line matching $1 (ERE).
wait_sent() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		sent "$mark" | grep -Eq "$1" && return 0
		sleep 0.1
	done
	return 1
}

mark=$tmp/mark
touch "$mark"
sleep 1 # rawlog files of this run are newer than the mark
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -e 'set mail_check=600' -f "$URL"
ui_wait 'Msgs:3[^0-9]' 10 >/dev/null
if wait_sent '^[^ ]+ IDLE$' 5; then ok "the folder open, tern waits in IDLE"; else not_ok "the folder open, tern waits in IDLE" "$(sent "$mark")"; fi

t0=$(date +%s%N)
other <<<'m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: arrived just now\r\n\r\nhi\r\n")'
if ui_wait 'Msgs:4[^0-9]' 10 && ui_wait 'arrived just now' 2; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 5000 ]; then ok "mail another client delivers shows up in ${ms} ms (\$mail_check is 600 s)"; else not_ok "new mail shows up within 5 s" "${ms} ms"; fi
else
	not_ok "mail another client delivers shows up" "$(ui_screen)"
fi
if sent "$mark" | grep -Eq '^DONE$' && sent "$mark" | grep -Eq '^[^ ]+ FETCH 4:4 '; then
	ok "tern ended IDLE (DONE) and fetched the new message's headers"
else
	not_ok "tern ended IDLE (DONE) and fetched the new message's headers" "$(sent "$mark")"
fi

# A flag set by another client: the first message becomes flagged (%Z: !).
line=$(ui_screen | grep -E '^ +1 ')
other <<<'m.store("1", "+FLAGS", "(\\Flagged)")'
if ui_wait '^ +1 [^a-z]*!' 10; then ok "a flag another client sets shows up"; else not_ok "a flag another client sets shows up" "before: $line; now: $(ui_screen | grep -E '^ +1 ')"; fi
other <<<'m.store("1", "-FLAGS", "(\\Flagged)")'
for ((i = 0; i < 100; i++)); do
	ui_screen | grep -Eq '^ +1 [^a-z]*!' || break
	sleep 0.1
done
if ! ui_screen | grep -Eq '^ +1 [^a-z]*!'; then ok "and one another client clears goes"; else not_ok "and one another client clears goes" "$(ui_screen | grep -E '^ +1 ')"; fi

# An expunge by another client.
other <<<'m.store("4", "+FLAGS", "(\\Deleted)"); m.expunge()'
if ui_wait 'Msgs:3[^0-9]' 10 && ! ui_screen | grep -q 'arrived just now'; then
	ok "a message another client expunges leaves the index"
else
	not_ok "a message another client expunges leaves the index" "$(ui_screen)"
fi

# Reading while idle: DONE goes first, the message opens, and IDLE resumes.
idles=$(sent "$mark" | grep -Ec '^[^ ]+ IDLE$')
ui_keys Home Down Enter
if ui_wait '^Subject: Grüße mit Anhang' 10; then ok "a message opens while the session idles"; else not_ok "a message opens while the session idles" "$(ui_screen)"; fi
ui_keys q
if sent "$mark" | grep -A1 -E '^DONE$' | grep -Eq 'UID FETCH [0-9]+ \(UID BODY.PEEK\[\]\)'; then
	ok "the read sent DONE before its FETCH"
else
	not_ok "the read sent DONE before its FETCH" "$(sent "$mark")"
fi
if wait_sent "IDLE" 1 && for ((i = 0; i < 50; i++)); do
	[ "$(sent "$mark" | grep -Ec '^[^ ]+ IDLE$')" -gt "$idles" ] && break
	sleep 0.1
done && [ "$(sent "$mark" | grep -Ec '^[^ ]+ IDLE$')" -gt "$idles" ]; then
	ok "IDLE resumes after the read"
else
	not_ok "IDLE resumes after the read" "$(sent "$mark")"
fi
# The link drops while idle (dovecot kicks the session: BYE, close): the
# check that follows logs in again, finds what arrived, and idles again.
bash "$SERVERS_HOME/ctl.sh" "$TESTENV_DIR" kick "$TESTENV_USER1" >/dev/null 2>&1 || bail_out "ctl.sh kick failed"
other <<<'m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: after the kick\r\n\r\nhi\r\n")'
if ui_wait 'after the kick' 15; then ok "after the link dropped while idle, tern logs in again and shows the new mail"; else not_ok "after the link dropped while idle, tern logs in again and shows the new mail" "$(ui_screen)"; fi
sessions() { find "$rawlog" -name '*.in' -newer "$mark" -exec grep -l ' IDLE' {} + | wc -l; }
for ((i = 0; i < 50; i++)); do
	[ "$(sessions)" -ge 2 ] && break
	sleep 0.1
done
if [ "$(sessions)" -ge 2 ]; then ok "and idles on the new session"; else not_ok "and idles on the new session" "$(sessions) sessions sent IDLE"; fi
t0=$(date +%s%N)
ui_keys q
is "$(ui_wait_exit 10)" 0 "q leaves"
ms=$((($(date +%s%N) - t0) / 1000000))
# (quitting writes the read's \Seen first: whatever comes after the last IDLE, DONE leads)
if [ "$ms" -lt 3000 ] && [ "$(tern_sent "$mark" | grep -A1 -E ' IDLE$' | tail -n 1)" = DONE ] &&
	tern_sent "$mark" | tail -n 1 | grep -Eq ' LOGOUT$'; then
	ok "quitting ends IDLE (DONE), then LOGOUT, in ${ms} ms"
else
	not_ok "quitting ends IDLE (DONE), then LOGOUT, promptly" "${ms} ms; $(tern_sent "$mark" | tail -n 3)"
fi
ui_stop

# $imap_idle unset: no IDLE; new mail comes by NOOP every $mail_check.
sleep 1
touch "$mark"
sleep 1
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -e 'set mail_check=1' -e 'unset imap_idle' -f "$URL"
ui_wait 'Msgs:3[^0-9]' 10 >/dev/null
other <<<'m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: polled for\r\n\r\nhi\r\n")'
if ui_wait 'polled for' 10 && wait_sent '^[^ ]+ NOOP$' 1; then ok "with \$imap_idle unset new mail comes by NOOP"; else not_ok "with \$imap_idle unset new mail comes by NOOP" "$(ui_screen) $(sent "$mark")"; fi
sleep 2
if ! sent "$mark" | grep -Eq 'IDLE|^DONE$'; then ok "and tern never sent IDLE"; else not_ok "and tern never sent IDLE" "$(sent "$mark")"; fi
ui_keys q
ui_wait_exit 10 >/dev/null
ui_stop

# IDLE over COMPRESS=DEFLATE (RFC 4978): pushed data sits inside the
# inflate layer, and still wakes tern.
sleep 1
touch "$mark"
sleep 1
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -e 'set mail_check=600' -e 'set imap_deflate' -f "$URL"
ui_wait 'Msgs:5[^0-9]' 10 >/dev/null
sleep 1
t0=$(date +%s%N)
other <<<'m.append("INBOX", None, None, b"From: x@example.org\r\nSubject: compressed and pushed\r\n\r\nhi\r\n")'
if ui_wait 'compressed and pushed' 10 && [ $((($(date +%s%N) - t0) / 1000000)) -lt 5000 ] &&
	sent "$mark" | grep -aEq '^[^ ]+ COMPRESS DEFLATE$'; then
	ok "over COMPRESS=DEFLATE pushed mail shows up within seconds too"
else
	not_ok "over COMPRESS=DEFLATE pushed mail shows up within seconds too" "$(ui_screen)"
fi
ui_keys q
ui_wait_exit 10 >/dev/null
ui_stop
