#!/usr/bin/env bash
# imap_folders.sh - src/imap/folders against the private dovecot, through
# tests/tools/imap_folders: LIST one level with the delimiter, \HasChildren
# and the SPECIAL-USE roles, LSUB against LIST, create, rename, delete,
# subscribe and unsubscribe (checked in dovecot's own Maildir), a folder with
# a non-ASCII name (modified UTF-7 on the wire, UTF-8 here), STATUS counts,
# the server's refusals as clear errors, and hostile LIST answers from the
# scripted server (a flood of repeats, names elsewhere or hiding ESC, bad syntax).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

plan 22
DRV=${DRV:-$top_builddir/tests/tools/imap_folders}
servers_start TESTENV_SMTP=none TESTENV_PROXY=0
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/"
MD=$TESTENV_MAILDIR1
f() { "$DRV" "$S" -e "set certificate_file=\"$TESTENV_CA\"" -e "set imap_user=$TESTENV_USER1" \
	-e "set imap_pass=$TESTENV_PASS1" "$@" 2>&1; }

top=$(f list "")
if grep -qx 'INBOX|/|\\HasNoChildren|' <<<"$top" && grep -qx 'Lists|/|\\HasChildren|' <<<"$top" &&
	grep -qx 'Sent|/|\\HasNoChildren|Sent' <<<"$top" && grep -qx 'Trash|/|\\HasNoChildren|Trash' <<<"$top"; then
	ok "LIST \"\" \"%\": INBOX, Lists with children, Sent and Trash with their SPECIAL-USE roles"
else
	not_ok "LIST \"\" \"%\": INBOX, Lists with children, Sent and Trash with their SPECIAL-USE roles" "$top"
fi
is "$(grep -c . <<<"$top")" 7 "the top level has the 7 folders, nothing below it"
is "$(f list Lists)" 'Lists/dev|/|\HasNoChildren|' "one level down: Lists/dev only, by its full name"
is "$(f info "")" '/|\Noselect' "the root's delimiter is /"
is "$(f status INBOX)" "3 2 3" "STATUS INBOX: 3 messages, 2 unseen, 3 recent (counts the browser shows)"

f create 'Work/Entwürfe' >/dev/null
if [ -d "$MD/.Work.Entw&APw-rfe" ]; then ok "create Work/Entwürfe: dovecot stores it as modified UTF-7"; else not_ok "create Work/Entwürfe: dovecot stores it as modified UTF-7" "$(ls -a "$MD")"; fi
is "$(f list Work)" 'Work/Entwürfe|/|\HasNoChildren|' "listing Work shows the name decoded to UTF-8"
if grep -qx 'Work|/|\\Noselect \\HasChildren|' <<<"$(f list "")"; then ok "Work appears on the top level as a \\Noselect node with children"; else not_ok "Work appears on the top level as a \\Noselect node with children" "$(f list "")"; fi

is "$(f lsub "")" "$(f lsub "" | grep -v Work)" "LSUB does not list Work (not subscribed)"
f subscribe 'Work/Entwürfe' >/dev/null
if grep -qx 'Work.Entw&APw-rfe' "$MD/subscriptions"; then ok "subscribe writes the folder to dovecot's subscriptions"; else not_ok "subscribe writes the folder to dovecot's subscriptions" "$(cat "$MD/subscriptions")"; fi
lsub=$(f lsub Work)
is "$lsub" 'Work/Entwürfe|/||' "LSUB Work lists the subscribed folder"
f unsubscribe 'Work/Entwürfe' >/dev/null
is "$(f lsub Work)" "" "unsubscribe: LSUB lists it no more"

# "%" is a LIST wildcard: the folder "Work/5%" must not take "Work/50"'s attributes
f create 'Work/50/deep' >/dev/null
f create 'Work/5%' >/dev/null
is "$(f info 'Work/5%')" '/|\HasNoChildren' "info on a name with %: the folder itself, not another the wildcard matched"
f delete 'Work/50/deep' >/dev/null
f delete 'Work/50' >/dev/null
f delete 'Work/5%' >/dev/null
f rename 'Work/Entwürfe' 'Work/Final' >/dev/null
if [ -d "$MD/.Work.Final" ] && [ ! -d "$MD/.Work.Entw&APw-rfe" ]; then ok "rename moves the folder on the server"; else not_ok "rename moves the folder on the server" "$(ls -a "$MD")"; fi
f delete 'Work/Final' >/dev/null
if [ ! -d "$MD/.Work.Final" ]; then ok "delete removes it"; else not_ok "delete removes it" "$(ls -a "$MD")"; fi

out=$(f create INBOX)
if grep -q '^error: ' <<<"$out"; then ok "the server's NO to CREATE INBOX is a clear error"; else not_ok "the server's NO to CREATE INBOX is a clear error" "$out"; fi
out=$(f delete Nowhere)
if grep -q '^error: .' <<<"$out"; then ok "deleting a folder that does not exist is an error with the server's reason"; else not_ok "deleting a folder that does not exist is an error" "$out"; fi
out=$("$DRV" "$S" -e "set certificate_file=\"$TESTENV_CA\"" -e "set imap_user=$TESTENV_USER1" -e "set imap_pass=wrong" list "" 2>&1)
if grep -q '^error: ' <<<"$out"; then ok "a wrong password is an error, not a listing"; else not_ok "a wrong password is an error, not a listing" "$out"; fi

# The scripted server: hostile LIST answers.
imapscript_certs
hs() { "$DRV" "imaps://localhost:$IMAPSCRIPT_PORT/" -e "set certificate_file=\"$IMAPSCRIPT_CA\"" \
	-e 'set imap_user=u' -e 'set imap_pass=p' "$@" 2>&1; }
imapscript_start "$top_srcdir/tests/data/imapscript/folders-hostile.script"
t0=$(date +%s%N)
out=$(hs list Lists)
ms=$((($(date +%s%N) - t0) / 1000000))
is "$out" $'Lists/a|/||\nLists/b|/||' "200,000 repeats, a folder elsewhere and a name hiding ESC: only Lists/a and Lists/b kept"
if [ "$ms" -lt 8000 ]; then ok "the flood is read in ${ms} ms"; else not_ok "the flood is read quickly" "${ms} ms"; fi
imapscript_start "$top_srcdir/tests/data/imapscript/folders-broken.script"
out=$(hs list "")
if grep -q '^error: .' <<<"$out"; then ok "a LIST response with unbalanced parentheses is an error"; else not_ok "a LIST response with unbalanced parentheses is an error" "$out"; fi
if imapscript_wait 10; then ok "the scripted server saw the dialogue it expected"; else not_ok "the scripted server saw the dialogue it expected" "$(tail -3 "$IMAPSCRIPT_TRANSCRIPT")"; fi
