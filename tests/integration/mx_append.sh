#!/usr/bin/env bash
# mx_append.sh - mail that arrives while tern has a folder open shows up
# without reopening: a message appended to an mbox by another program (with
# its locks), files delivered into a Maildir's new/ and an MH folder; and a
# message another program removes (an mbox rewritten under tern) goes away,
# with the status line's count right each time. tern runs in tmux
# (tests/ui/lib.sh) with $mail_check at one second.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

MAIL="/usr/bin/python3 $top_srcdir/tests/integration/mx_mail.py"
GEN="/usr/bin/python3 $top_srcdir/bench/genmail.py"
tmp=$(tap_tmpdir)
N=5

# A new message with a subject of its own, in file $1.
new_message() {
	printf 'From: Late Sender <late@example.com>\nTo: casey@quinn.example\nSubject: %s\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <%s@example.com>\n\nArrived while the folder was open.\n' \
		"$2" "$2" >"$1"
}

# open FOLDER: tern's interface on FOLDER, checking for new mail every second.
open_folder() {
	ui_start -x 100 -y 20 -- "$TERN" -n -e 'set mail_check=1' -f "$1"
	if ui_wait "Msgs:$N[] ]" 15; then
		ok "$2: the status line counts the $N messages"
	else
		not_ok "$2: the status line counts the $N messages"
	fi
}

# seen COUNT SUBJECT WHAT: the new count (and subject) appear on their own.
seen() {
	if ui_wait "Msgs:$1[] ]" 15 && { [ -z "$2" ] || ui_wait "$2" 2; }; then
		ok "$3"
	else
		not_ok "$3"
	fi
}

# quit: q leaves the interface with status 0.
quit() {
	ui_keys q
	is "$(ui_wait_exit 10)" 0 "$1: q quits cleanly"
}

# --- mbox: an append with locks, then a rewrite that removes a message
mbox_cases() {
	$GEN --format mbox --count $N --seed 11 "$tmp/box" >/dev/null 2>&1 || bail_out "genmail failed"
	open_folder "$tmp/box" mbox
	new_message "$tmp/msg" "appended-to-mbox"
	check "mbox: another program appends a message with fcntl and dot locks" $MAIL mbox-add "$tmp/box" "$tmp/msg"
	seen $((N + 1)) appended-to-mbox "mbox: the appended message appears without reopening"
	check "mbox: another program rewrites the mbox without its first message" $MAIL mbox-remove "$tmp/box" 0
	seen $N appended-to-mbox "mbox: after the rewrite tern shows $N messages, the appended one among them"
	quit mbox
}

# --- Maildir: a delivery through tmp/ into new/, then a file removed
$GEN --format maildir --count $N --seed 11 "$tmp/md" >/dev/null 2>&1 || bail_out "genmail failed"
open_folder "$tmp/md" Maildir
new_message "$tmp/md/tmp/1800000000.M1P1.elsewhere" "delivered-to-maildir"
mv "$tmp/md/tmp/1800000000.M1P1.elsewhere" "$tmp/md/new/"
seen $((N + 1)) delivered-to-maildir "Maildir: a message delivered into new/ appears without reopening"
rm -f "$(find "$tmp/md/cur" -type f | sort | head -n 1)"
seen $N delivered-to-maildir "Maildir: a message another program removed goes away"
quit Maildir

# --- MH: the next number written by another program, then a file removed
mkdir "$tmp/mh"
: >"$tmp/mh/.mh_sequences"
for ((i = 1; i <= N; i++)); do
	new_message "$tmp/mh/$i" "mh-message-$i"
done
open_folder "$tmp/mh" MH
new_message "$tmp/mh/.tmp-delivery" "delivered-to-mh"
mv "$tmp/mh/.tmp-delivery" "$tmp/mh/$((N + 1))"
seen $((N + 1)) delivered-to-mh "MH: message $((N + 1)) written by another program appears without reopening"
rm -f "$tmp/mh/1"
seen $N delivered-to-mh "MH: a message another program removed goes away"
quit MH

mbox_cases

done_testing
