#!/usr/bin/env bash
# imap_browser.sh - the folder browser on an IMAP server, against the
# private dovecot: c then ? lists the server's top level ($folder is an
# imaps:// URL) with "/" after folders that have folders below, Enter goes
# into one, ".." comes back up, T shows the subscribed ones only, C creates
# a folder, r renames it, d deletes it after a yes (never INBOX), s and u
# (un)subscribe (each checked in dovecot's own Maildir), and a folder
# chosen in the browser opens.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 26
servers_start TESTENV_SMTP=none TESTENV_PROXY=0
tmp=$(tap_tmpdir)
MD=$TESTENV_MAILDIR1
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset folder="%s/"\nmailboxes =INBOX =Lists/dev\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" "$S" >"$tmp/rc"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$S/INBOX"
ui_wait 'Msgs:3[^0-9]' 15 || bail_out "INBOX did not open"
browse() { # c, then ? on the empty prompt: the browser on $folder
	ui_keys c
	ui_wait 'Open mailbox' 5 >/dev/null
	ui_keys C-u
	ui_type '?'
}

browse
if ui_wait "Directory: $S/? \[7\]" 10 && ui_wait ' Lists/ *$' 2 && ui_wait ' Sent *$' 2 && ui_wait ' INBOX *$' 2; then
	ok "c ? lists the server's top level: 7 folders, Lists/ with folders below"
else
	not_ok "c ? lists the server's top level: 7 folders, Lists/ with folders below"
fi
# Archive Drafts INBOX Junk Lists: Lists is the fifth row
ui_keys j j j j Enter
if ui_wait "Directory: $S/Lists \[3\]" 10 && ui_wait ' \.\. *$' 2 && ui_wait ' dev *$' 2; then
	ok "Enter on Lists/ goes into it: .., Lists itself and dev"
else
	not_ok "Enter on Lists/ goes into it: .., Lists itself and dev"
fi
ui_keys C
ui_wait 'Create mailbox: ' 5 >/dev/null
ui_type 'Projekt'
ui_keys Enter
if ui_wait 'Mailbox created' 10 && ui_wait ' Projekt *$' 2 && [ -d "$MD/.Lists.Projekt" ]; then
	ok "C creates Lists/Projekt on the server and the list shows it"
else
	not_ok "C creates Lists/Projekt on the server and the list shows it" "$(ls -a "$MD")"
fi
ui_keys C
ui_wait 'Create mailbox: ' 5 >/dev/null
ui_type 'Entwürfe'
ui_keys Enter
if ui_wait ' Entwürfe *$' 10 && [ -d "$MD/.Lists.Entw&APw-rfe" ]; then
	ok "a non-ASCII name: shown in UTF-8, modified UTF-7 on the server"
else
	not_ok "a non-ASCII name: shown in UTF-8, modified UTF-7 on the server" "$(ls -a "$MD")"
fi
ui_keys Home j j j # .. Entwürfe Lists Projekt
ui_keys r
if ui_wait 'Rename mailbox Lists/Projekt to: Lists/Projekt' 5; then ok "r asks the new name, the cursor's folder given"; else not_ok "r asks the new name, the cursor's folder given"; fi
ui_type '2'
ui_keys Enter
if ui_wait 'Mailbox renamed' 10 && ui_wait ' Projekt2 *$' 2 && [ -d "$MD/.Lists.Projekt2" ] && [ ! -d "$MD/.Lists.Projekt" ]; then
	ok "r renames it on the server (Lists/Projekt2)"
else
	not_ok "r renames it on the server (Lists/Projekt2)" "$(ls -a "$MD")"
fi
ui_keys s
if ui_wait 'Subscribed' 10 && grep -qx 'Lists.Projekt2' "$MD/subscriptions"; then ok "s subscribes (dovecot's subscriptions has it)"; else not_ok "s subscribes" "$(cat "$MD/subscriptions")"; fi
ui_keys u
if ui_wait 'Unsubscribed' 10 && ! grep -qx 'Lists.Projekt2' "$MD/subscriptions"; then ok "u unsubscribes"; else not_ok "u unsubscribes" "$(cat "$MD/subscriptions")"; fi
ui_keys d
if ui_wait 'Really delete mailbox "Lists/Projekt2"\?' 5; then ok "d asks before deleting"; else not_ok "d asks before deleting"; fi
ui_keys n
sleep 0.3
if [ -d "$MD/.Lists.Projekt2" ]; then ok "no: the folder stays"; else not_ok "no: the folder stays"; fi
ui_keys d
ui_wait 'Really delete' 5 >/dev/null
ui_keys y
if ui_wait 'Mailbox deleted' 10 && [ ! -d "$MD/.Lists.Projekt2" ] && ! ui_screen | grep -q ' Projekt2 *$'; then
	ok "yes: it is deleted on the server and leaves the list"
else
	not_ok "yes: it is deleted on the server and leaves the list" "$(ls -a "$MD")"
fi
# .. goes up, the cursor on Lists; T shows only the subscribed folders (no INBOX)
ui_keys Home Enter
if ui_wait "Directory: $S/? \[7\]" 10; then ok ".. goes back to the top level"; else not_ok ".. goes back to the top level"; fi
ui_keys T
if ui_wait 'subscribed only' 10 && ! ui_screen | grep -q ' INBOX *$' && ui_screen | grep -q ' Sent *$'; then
	ok "T lists the subscribed folders only (INBOX is not subscribed)"
else
	not_ok "T lists the subscribed folders only (INBOX is not subscribed)"
fi
ui_keys T
ui_wait ' INBOX *$' 10 >/dev/null
ui_keys Home j j d # Archive Drafts INBOX: sorted by name ($sort_browser)
if ui_wait 'Cannot delete INBOX' 5 && [ -d "$MD/cur" ]; then ok "INBOX cannot be deleted"; else not_ok "INBOX cannot be deleted"; fi
# open Lists/dev from the browser
ui_keys Home j j j j Enter
ui_wait "Directory: $S/Lists" 10 >/dev/null
ui_keys End Enter
if ui_wait 'Msgs:1[^0-9]' 15 && ui_wait 'Lists/dev' 2; then ok "a folder chosen in the browser opens (Lists/dev, 1 message)"; else not_ok "a folder chosen in the browser opens (Lists/dev, 1 message)"; fi
# the mailboxes list: IMAP ones get STATUS counts with $mail_check_stats (or on check-new)
mailboxes_view() {
	browse
	ui_wait "Directory: $S/? \[7\]" 10 >/dev/null
	ui_keys Tab
}
mailboxes_view
if ui_wait '=INBOX *$' 10 && ! ui_screen | grep -Eq '^ *[0-9]+ +[0-9]+ +[0-9]+ +=INBOX *$'; then ok "Tab shows the mailboxes, IMAP ones without counts by default"; else not_ok "Tab shows the mailboxes, IMAP ones without counts by default"; fi
ui_keys q
ui_keys C-g
ui_keys :
ui_type 'set mail_check_stats'
ui_keys Enter
mailboxes_view
if ui_wait '^ *1 +2 +3 =INBOX *$' 10 && ui_wait ' 1 =Lists/dev *$' 2; then ok "with \$mail_check_stats: INBOX 2 unread of 3, Lists/dev 1 (STATUS)"; else not_ok "with \$mail_check_stats: INBOX 2 unread of 3, Lists/dev 1 (STATUS)"; fi
ui_keys q C-g q
is "$(ui_wait_exit 15)" 0 "tern leaves cleanly (status 0: no sanitizer report)"
ui_stop

# tern -y: the mailboxes first (STATUS counts with $mail_check_stats), Tab to the server's folders
{ cat "$tmp/rc"; echo 'set mail_check_stats'; } >"$tmp/rc4"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc4" -y
if ui_wait '^ *1 +2 +3 =INBOX *$' 15 && ui_wait '^ *2 +1 +1 =Lists/dev *$' 2; then ok "tern -y: IMAP mailboxes with their counts"; else not_ok "tern -y: IMAP mailboxes with their counts"; fi
ui_keys Tab
if ui_wait "Directory: $S/? \[7\]" 10; then ok "Tab from there lists \$folder's server"; else not_ok "Tab from there lists \$folder's server"; fi
ui_keys m
ui_wait 'File Mask: ' 5 >/dev/null
ui_keys C-u
ui_type '^[LS]'
ui_keys Enter
if ui_wait "Directory: $S/? \[2\]" 10 && ui_wait ' Lists/ *$' 2 && ui_wait ' Sent *$' 2; then ok "\$mask filters the server's folders too (Lists/ and Sent)"; else not_ok "\$mask filters the server's folders too (Lists/ and Sent)"; fi
ui_keys q q
ui_stop

# No certificate_file and no password: the browser asks both on the spot.
printf 'set folder="%s/"\nset imap_user=%s\nset header_cache=/dev/null\nset imap_check_subscribed\n' "$S" "$TESTENV_USER1" >"$tmp/rc3"
mkdir -p "$tmp/md/cur" "$tmp/md/new" "$tmp/md/tmp"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc3" -f "$tmp/md"
ui_wait 'Msgs:0' 10 >/dev/null
browse
if ui_wait 'is not trusted' 10 && ui_wait '^SHA-256: ' 2 && ui_wait '\(r\)eject, accept \(o\)nce' 2; then ok "the browser shows an unknown certificate and asks"; else not_ok "the browser shows an unknown certificate and asks"; fi
ui_keys o
ui_wait "Password for $TESTENV_USER1@" 10 >/dev/null
ui_type "$TESTENV_PASS1"
ui_keys Enter
if ui_wait "Directory: $S/? \[7\]" 10 && ! ui_screen | grep -q "$TESTENV_PASS1"; then ok "accepted once and the password typed unseen: the folders are listed"; else not_ok "accepted once and the password typed unseen: the folders are listed"; fi
# $imap_check_subscribed: the server's subscribed folders joined the mailboxes
ui_keys Tab
if ui_wait '=Sent *$' 10 && ui_wait '=Lists/dev *$' 2 && ! ui_screen | grep -q '=INBOX *$'; then
	ok "\$imap_check_subscribed: the subscribed folders are in the mailboxes (INBOX is not subscribed)"
else
	not_ok "\$imap_check_subscribed: the subscribed folders are in the mailboxes (INBOX is not subscribed)"
fi
ui_keys q C-g q
ui_stop

# A server that never answers: "Listing..." shows, Ctrl-C abandons at once.
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' >"$tmp/port" &
mute=$!
at_exit "kill $mute"
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
mkdir -p "$tmp/md/cur" "$tmp/md/new" "$tmp/md/tmp"
printf 'set folder="imap://127.0.0.1:%s/"\nset socket_timeout=60\nset imap_user=x\nset imap_pass=y\n' "$(cat "$tmp/port")" >"$tmp/rc2"
ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc2" -f "$tmp/md"
ui_wait 'Msgs:0' 10 >/dev/null
browse
if ui_wait 'Listing folders of imap://127.0.0.1' 10; then ok "the message line says the server's folders are being listed"; else not_ok "the message line says the server's folders are being listed"; fi
t0=$(date +%s%N)
ui_keys C-c
if ui_wait 'cancel|abandon|stopped' 5; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 3000 ]; then ok "Ctrl-C abandons the listing in ${ms} ms (the timeout is 60 s)"; else not_ok "Ctrl-C abandons the listing at once" "${ms} ms"; fi
else
	not_ok "Ctrl-C abandons the listing at once" "$(ui_screen | tail -3)"
fi
ui_keys C-g q
ui_stop
