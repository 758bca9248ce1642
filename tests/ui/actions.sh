#!/usr/bin/env bash
# actions.sh - the index's functions as a person uses them in tmux, on a
# copy of the demo Maildir, with bindings, a macro and a push from the rc
# file: the keys run mutt's functions, a message shown becomes read on
# disk, delete + sync removes the message's file, flags show in the index.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 16

tmp=$(tap_tmpdir)
cp -R "$top_srcdir/contrib/demo" "$tmp/mail"
chmod -R u+w "$tmp/mail"
total=$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)
cat >"$tmp/rc" <<'EOF'
set sort=mailbox-order
set quit=yes
set delete=yes
macro index X "<next-entry><next-entry>" "two rows down"
bind index Z quit
EOF

# Row N's subject and Message-ID, in the same order the interface shows.
row_field() { # N FORMAT
	"$TERN" -n -F "$tmp/rc" -f "$tmp/mail" --list --format="$2" | sed -n "${1}p"
}
# The file of the message with this Message-ID.
file_of() {
	grep -rlF -- "Message-ID: $1" "$tmp/mail/cur" "$tmp/mail/new" 2>/dev/null ||
		grep -rliF -- "Message-Id: $1" "$tmp/mail/cur" "$tmp/mail/new" 2>/dev/null
}

start() {
	ui_start -x 120 -y 40 -- "$TERN" -n -F "$tmp/rc" "$@" -f "$tmp/mail"
	ui_wait "Msgs:[0-9]+" 10 || bail_out "tern did not show the folder"
}

# A macro from the rc file runs functions: X moves two rows down; Enter shows row 3.
start
ui_keys X Enter
subject3=$(row_field 3 '%s')
if ui_wait "^Subject: $(printf '%s' "$subject3" | sed 's/[][\.*^$?+(){}|]/\\&/g')" 5; then
	ok "a macro from the rc file moves two rows; Enter shows row 3 ($subject3)"
else
	not_ok "a macro from the rc file moves two rows; Enter shows row 3 ($subject3)"
fi
ui_keys q
ui_wait "Msgs:" 5 >/dev/null

# Tab (next-new-then-unread) goes to the first new message; showing it makes it read.
new_id=$(cd "$tmp" && "$TERN" -n -F rc -f mail --list --limit='~N' --format='%i' | head -1)
new_file=$(file_of "$new_id")
ui_keys g 2>/dev/null # harmless if unbound
ui_keys Home Tab Enter
if ui_wait '^Subject: ' 5; then ok "Tab then Enter opens a message"; else not_ok "Tab then Enter opens a message"; fi
ui_keys q
ui_wait "Msgs:" 5 >/dev/null
# A key bound in the rc file quits (writing the read flag).
ui_keys Z
is "$(ui_wait_exit 10)" 0 "a key bound to quit in the rc file leaves tern with status 0"
read_file=$(file_of "$new_id")
case "$new_file:$read_file" in
*/new/*:*/cur/*:2,*S*) ok "the new message shown is read on disk (new/ -> cur/ with S)" ;;
*) not_ok "the new message shown is read on disk (new/ -> cur/ with S)" "before: $new_file" "after: $read_file" ;;
esac

# d then $ (sync-mailbox, $delete=yes) removes the first message's file.
first_id=$(row_field 1 '%i')
[ -n "$(file_of "$first_id")" ] || bail_out "no file for $first_id"
start
ui_keys d
if ui_wait "^ +1 [ N!r]?D" 5; then ok "d marks the first row deleted (D in the index)"; else not_ok "d marks the first row deleted (D in the index)"; fi
ui_keys '$'
if ui_wait "Msgs:$((total - 1))[] ]" 10; then
	ok "\$ (sync-mailbox) leaves $((total - 1)) messages"
else
	not_ok "\$ (sync-mailbox) leaves $((total - 1)) messages"
fi
if [ -z "$(file_of "$first_id")" ] &&
	[ "$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)" -eq $((total - 1)) ]; then
	ok "the deleted message's file is gone, and only it"
else
	not_ok "the deleted message's file is gone, and only it" "$(file_of "$first_id")"
fi

# F flags the current message: the index shows it at once.
ui_keys Home F
if ui_wait "^ +1 +!" 5; then ok "F flags the message (! in the index)"; else not_ok "F flags the message (! in the index)"; fi

# t tags rows 1 and 2 (moving on); ";d" deletes the tagged messages only.
ui_keys Home t t
if ui_wait "^ +2 ..\\*" 5 && ui_wait "^ +1 ..\\*" 1; then ok "t tags a message (* in the index) and moves on"; else not_ok "t tags a message (* in the index) and moves on"; fi
ui_type '\;' # tmux takes a bare ";" for its own command separator
ui_keys d
if ui_wait "^ +1 .?D" 5 && ui_wait "^ +2 .?D" 1 && ! ui_screen | grep -Eq "^ +3 .?D"; then
	ok "; then d deletes the two tagged messages and no other"
else
	not_ok "; then d deletes the two tagged messages and no other"
fi
# o s: sort by subject, as the status bar says.
ui_keys o s
if ui_wait "\\(subject/" 5; then ok "o then s sorts by subject"; else not_ok "o then s sorts by subject"; fi
ui_keys x
if ui_wait "Exit tern without saving\\?" 5; then ok "x asks before leaving without saving"; else not_ok "x asks before leaving without saving"; fi
ui_keys y
ui_wait_exit 10 >/dev/null
if [ "$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)" -eq $((total - 1)) ]; then
	ok "x (exit) leaves without writing the deletions"
else
	not_ok "x (exit) leaves without writing the deletions"
fi

# push in the rc file runs first: <last-entry> then Enter shows the last message.
echo 'push <last-entry><display-message>' >>"$tmp/rc"
last_subject=$(row_field '$' '%s')
ui_start -x 120 -y 40 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
if ui_wait "^Subject: $(printf '%s' "$last_subject" | sed 's/[][\.*^$?+(){}|]/\\&/g')" 5; then
	ok "push in the rc file runs before typed keys: the last message is shown"
else
	not_ok "push in the rc file runs before typed keys: the last message is shown ($last_subject)"
fi
ui_keys q
ui_wait "Msgs:" 5 >/dev/null
ui_keys q
is "$(ui_wait_exit 10)" 0 "q quits after the push"

# The terminal goes away (its window closed): tern leaves instead of spinning.
ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail" -e 'set sort=threads'
ui_wait "Msgs:" 10 >/dev/null
# The tern process itself (not the shell around it in the pane): its command line starts with $TERN.
pid=$(pgrep -f -- "^$TERN -n -F $tmp/rc -f $tmp/mail -e set sort=threads" | head -1)
ui_stop
for _ in $(seq 50); do
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
	ok "tern leaves when its terminal goes away"
else
	not_ok "tern leaves when its terminal goes away" "pid ${pid:-not found}"
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
fi
