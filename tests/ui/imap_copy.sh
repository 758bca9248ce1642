#!/usr/bin/env bash
# imap_copy.sh - save-message and copy-message of tagged messages in the
# interface, on an imaps:// folder of the private dovecot: 500 tagged
# messages copied by one UID COPY, the missing folder's "Create ...?"
# question ($confirmcreate) answered in the interface while the copy waits,
# "no" leaving the server without the folder, and 500 saved by UID MOVE: they
# leave the index and the server's folder at once (no expunge needed), all in
# the destination; another client (tern --list) checks the server. Then a
# local Maildir saved to the server (read and append): the password, not
# in the rc file, is asked in the interface, and the originals are marked
# deleted.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 14
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Src --count 500 >/dev/null ||
	bail_out "make-maildir.py failed"
tmp=$(tap_tmpdir)
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\nset sort=mailbox-order\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
count() { "$TERN" -n -F "$tmp/rc" -f "$1" --list 2>/dev/null | wc -l; }
sent() { cat "$TESTENV_LOGDIR"/rawlog/*.in 2>/dev/null | tr -d '\r'; }

ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$S/Src"
ui_wait 'Msgs:500[^0-9]' 20 >/dev/null || bail_out "the folder did not load"
ui_keys T
ui_wait 'Tag messages matching: ' 5 >/dev/null
ui_type '~A'
ui_keys Enter
if ui_wait 'Tag:500[^0-9]' 5; then ok "500 messages tagged"; else not_ok "500 messages tagged"; fi

# ;C to a folder the server does not have: the question, answered yes.
ui_keys '\;' C
ui_wait 'Copy tagged to mailbox: ' 5 >/dev/null
ui_keys C-u
ui_type "$S/Copies"
ui_keys Enter
if ui_wait 'Create Copies\? \(y/n\)' 10; then ok "[TRYCREATE]: tern asks before creating the folder"; else not_ok "[TRYCREATE]: tern asks before creating the folder"; fi
ui_keys y
if ui_wait '500 messages copied to' 20; then ok "the copy ends with its count"; else not_ok "the copy ends with its count"; fi
is "$(count "$S/Copies")" 500 "the new folder holds the 500 messages (another client's view)"
is "$(count "$S/Src")" 500 "the source keeps them"
if sent | grep -qE 'UID COPY 1:500 Copies$' && sent | grep -q 'CREATE Copies'; then ok "one UID COPY 1:500 after the CREATE"; else not_ok "one UID COPY 1:500 after the CREATE" "$(sent | grep -E 'COPY|CREATE|APPEND' | head -5)"; fi

# A save answered "n": nothing is created, and nothing is marked deleted.
ui_keys '\;' s
ui_wait 'Save tagged to mailbox: ' 5 >/dev/null
ui_keys C-u
ui_type "$S/Never"
ui_keys Enter
ui_wait 'Create Never\? \(y/n\)' 10 >/dev/null
ui_keys n
if ui_wait 'not created' 10 && ! sent | grep -q 'CREATE Never' && ui_screen | grep -q 'Tag:500' && ! ui_screen | grep -q 'Del:'; then
	ok "a save answered no creates nothing, says so, and deletes nothing"
else
	not_ok "a save answered no creates nothing, says so, and deletes nothing" "$(sent | grep Never)"
fi

# ;s: UID MOVE; the messages leave the index and the server's folder while tern runs.
ui_keys '\;' s
ui_wait 'Save tagged to mailbox: ' 5 >/dev/null
ui_keys C-u
ui_type "$S/Copies"
ui_keys Enter
if ui_wait '500 messages saved to' 20 && ui_wait 'Msgs:0[^0-9]' 10; then ok "save moves them: the index is empty"; else not_ok "save moves them: the index is empty"; fi
if [ "$(count "$S/Src")" = 0 ] && [ "$(count "$S/Copies")" = 1000 ]; then ok "on the server, before any sync: the source is empty, the destination has them"; else not_ok "on the server, before any sync: the source is empty, the destination has them" "$(count "$S/Src") $(count "$S/Copies")"; fi
ui_keys q
ui_wait_exit 10 >/dev/null || ui_keys y
if sent | grep -qE 'UID MOVE 1:500 Copies$'; then ok "by one UID MOVE"; else not_ok "by one UID MOVE" "$(sent | grep -E 'MOVE|COPY' | head -5)"; fi
ui_stop

# A local folder saved to the server: the password asked for (the APPEND
# path creates the folder without asking: mx_imap.c's imap_append).
md=$tmp/md
mkdir -p "$md/cur" "$md/new" "$md/tmp"
for i in 1 2 3; do printf 'From: me@example.org\nSubject: local %s\n\nbody\n' "$i" >"$md/cur/$i.x:2,S"; done
grep -v imap_pass "$tmp/rc" >"$tmp/rc-nopass"
printf 'set certificate_file="%s"\n' "$TESTENV_CA" >>"$tmp/rc-nopass"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc-nopass" -f "$md"
ui_wait 'Msgs:3[^0-9]' 10 >/dev/null || bail_out "the local folder did not load"
ui_keys T
ui_wait 'Tag messages matching: ' 5 >/dev/null
ui_type '~A'
ui_keys Enter
ui_keys '\;' s
ui_wait 'Save tagged to mailbox: ' 5 >/dev/null
ui_keys C-u
ui_type "$S/FromLocal"
ui_keys Enter
if ui_wait "Password for $TESTENV_USER1@" 15; then ok "saving to the server asks for the password in the interface"; else not_ok "saving to the server asks for the password in the interface"; fi
ui_type "$TESTENV_PASS1"
ui_keys Enter
# APPEND to a folder the server lacks asks first, as COPY does ($confirmcreate)
if ui_wait 'Create .*FromLocal' 15; then ok "APPEND's [TRYCREATE] asks before creating the folder"; else not_ok "APPEND's [TRYCREATE] asks before creating the folder" "$(ui_screen | tail -3)"; fi
ui_keys y
if ui_wait '3 messages saved to' 20 && ui_wait 'Del:3' 5; then ok "3 local messages saved, marked deleted"; else not_ok "3 local messages saved, marked deleted"; fi
is "$(count "$S/FromLocal")" 3 "the server has them"
ui_keys q
ui_wait_exit 10 >/dev/null || ui_keys y
ui_stop
