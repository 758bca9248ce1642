#!/usr/bin/env bash
# imap_idle.sh - IDLE against scripted servers (tests/servers/imapscript.py),
# tern in the interface (tests/ui/lib.sh), the exact commands checked:
# after the open tern idles and sends nothing until the server pushes; new
# mail costs DONE, one FETCH and a new IDLE; pushed flags and expunges cost
# nothing; a read or a sync while idle sends DONE first. A server without IDLE is
# polled with NOOP. A server stopped (SIGSTOP) while tern idles freezes
# nothing: keys work, a keepalive stuck on the server stops at Ctrl-C or at
# $imap_poll_timeout, and quitting is immediate.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 18
tmp=$(tap_tmpdir)
imapscript_certs
printf 'set certificate_file="%s"\nset imap_user=alice\nset imap_pass=secret\nset header_cache=/dev/null\nset sort=mailbox-order\nset index_format="%%4C %%Z %%s"\nset socket_timeout=60\n' \
	"$IMAPSCRIPT_CA" >"$tmp/rc"
start() { # MAIL_CHECK [-e CMD]...
	local check=$1
	shift
	ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -e "set mail_check=$check" "$@" \
		-f "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
}
# Wait up to $2 s for tern to have sent a line matching $1 (ERE, on the escaped transcript).
wait_client() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		imapscript_client | grep -Eq "$1" && return 0
		sleep 0.1
	done
	return 1
}
cmds() { imapscript_client | sed -E 's/\\r\\n$//; s/^[a-z][0-9]+ //' | tr '\n' '|'; }

# --- a server with IDLE ----------------------------------------------------------
imapscript_start idle-push
start 600
ui_wait 'Msgs:3[^0-9]' 10 >/dev/null
if ui_wait 'pushed by IDLE' 10; then ok "a message the server pushes in IDLE shows up (\$mail_check is 600 s)"; else not_ok "a message the server pushes in IDLE shows up" "$(ui_screen) $(cmds)"; fi
if ui_wait 'Msgs:3[^0-9]' 10 && ! ui_screen | grep -q ' first$'; then ok "a pushed EXPUNGE takes the message out"; else not_ok "a pushed EXPUNGE takes the message out" "$(ui_screen)"; fi
if ui_wait '^ +1 [^a-z]*! +second$' 5; then ok "a pushed FETCH FLAGS sets the flag"; else not_ok "a pushed FETCH FLAGS sets the flag" "$(ui_screen)"; fi
ui_keys End Enter
if ui_wait 'the body of the pushed message' 10; then ok "a message opens while the session idles"; else not_ok "a message opens while the session idles" "$(ui_screen) $(cmds)"; fi
ui_keys q
for ((i = 0; i < 50; i++)); do
	[ "$(imapscript_client | grep -c ' IDLE\\r')" -ge 3 ] && break
	sleep 0.1
done
ui_keys '$' # the sync writes the read's \Seen
for ((i = 0; i < 50; i++)); do
	[ "$(imapscript_client | grep -c ' IDLE\\r')" -ge 4 ] && break
	sleep 0.1
done
ui_keys q
is "$(ui_wait_exit 10)" 0 "q leaves"
imapscript_wait 10
is "$(imapscript_result)" PASS "the server's script passed: every command as expected"
got=$(cmds)
if grep -q '|DONE|UID STORE 4 +FLAGS[^|]*Seen' <<<"$got"; then ok "a sync while idle sends DONE, then stores the flag"; else not_ok "a sync while idle sends DONE, then stores the flag" "$got"; fi
want='FETCH 1:3 (*|IDLE|DONE|FETCH 4:4 (*|IDLE|DONE|UID FETCH 4 (UID BODY.PEEK[])|IDLE|DONE|IDLE|DONE|'
# the headers' FETCH lists the fields: compare the commands' shapes
shape=$(sed -E 's/FETCH ([0-9]+:[0-9]+) \([^|]*/FETCH \1 (*/g; s/^.*(FETCH 1:3)/\1/; s/\|UID STORE[^|]*//g; s/LOGOUT\|$//' <<<"$got")
is "$shape" "$want" "the commands: IDLE after the open, DONE before each command, IDLE again after"
if ! grep -q NOOP <<<"$got"; then ok "no NOOP while the server offers IDLE"; else not_ok "no NOOP while the server offers IDLE" "$got"; fi
ui_stop

# --- a server without IDLE: NOOP every $mail_check -------------------------------
imapscript_start idle-none
start 1
if ui_wait 'found by NOOP' 10; then ok "without IDLE, new mail comes by NOOP"; else not_ok "without IDLE, new mail comes by NOOP" "$(ui_screen) $(cmds)"; fi
ui_keys q
ui_wait_exit 10 >/dev/null
imapscript_wait 10
is "$(imapscript_result)" PASS "and tern never sent IDLE to it (the script has no answer for one)"
ui_stop

# --- the server stops while tern idles ---------------------------------------------
imapscript_start idle-stall --stall-max 120
start 600 -e 'set imap_keepalive=3'
wait_client ' IDLE\\r' 10
kill -STOP "$IMAPSCRIPT_PID"
ui_keys '?'
if ui_wait '^Help for index' 5; then ok "keys work while the stopped server holds the IDLE"; else not_ok "keys work while the stopped server holds the IDLE" "$(ui_screen)"; fi
ui_keys q
# $imap_keepalive (3 s) ends the IDLE to start a new one: DONE meets no answer
sleep 4
t0=$(date +%s%N)
ui_keys C-c
if ui_wait 'stopped' 5; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 3000 ]; then ok "Ctrl-C stops the stuck keepalive in ${ms} ms"; else not_ok "Ctrl-C stops the stuck keepalive at once" "${ms} ms"; fi
else
	not_ok "Ctrl-C stops the stuck keepalive" "$(ui_screen)"
fi
t0=$(date +%s%N)
ui_keys q
is "$(ui_wait_exit 10)" 0 "q leaves"
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$ms" -lt 3000 ]; then ok "promptly (${ms} ms)"; else not_ok "promptly" "${ms} ms"; fi
ui_stop
kill -CONT "$IMAPSCRIPT_PID" 2>/dev/null
imapscript_stop

# $imap_poll_timeout: the keepalive's DONE unanswered for 2 s, the link counts as lost.
imapscript_start idle-stall --stall-max 120
start 600 -e 'set imap_keepalive=2' -e 'set imap_poll_timeout=2'
wait_client ' IDLE\\r' 10
kill -STOP "$IMAPSCRIPT_PID"
if ui_wait 'Connection lost: connecting again' 10; then ok "\$imap_poll_timeout gives up on a server that does not answer DONE (\$socket_timeout is 60 s)"; else not_ok "\$imap_poll_timeout gives up on a server that does not answer DONE" "$(ui_screen)"; fi
ui_keys C-c
ui_wait 'stopped' 5 >/dev/null
ui_keys q
ui_wait_exit 10 >/dev/null
ui_stop
kill -CONT "$IMAPSCRIPT_PID" 2>/dev/null
imapscript_stop

# Quitting while idle with the server stopped: no wait for an answer to DONE.
imapscript_start idle-stall --stall-max 120
start 600
wait_client ' IDLE\\r' 10
kill -STOP "$IMAPSCRIPT_PID"
t0=$(date +%s%N)
ui_keys q
is "$(ui_wait_exit 10)" 0 "q leaves while idle with the server stopped"
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$ms" -lt 3000 ]; then ok "in ${ms} ms (\$socket_timeout is 60 s)"; else not_ok "at once" "${ms} ms"; fi
ui_stop
kill -CONT "$IMAPSCRIPT_PID" 2>/dev/null
imapscript_stop
