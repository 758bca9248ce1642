#!/usr/bin/env bash
# pipe.sh - pipe-message, shell-escape, decode-save and decode-copy in tmux,
# on a small Maildir made here: a plain message, one in base64, one in
# quoted-printable and a large one. The commands write files the checks read.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 18

tmp=$(tap_tmpdir)
mkdir -p "$tmp/mail/cur" "$tmp/mail/new" "$tmp/mail/tmp"

# msg FILE SUBJECT ENCODING BODY: one message with an X-Test field naming it.
msg() {
	{
		printf 'From: Ann Example <ann@example.org>\nTo: bob@example.org\n'
		printf 'Subject: %s\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n' "$2"
		printf 'Message-ID: <%s@example.org>\nX-Test: %s-header\nMIME-Version: 1.0\n' "$2" "$2"
		printf 'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: %s\n\n' "$3"
		printf '%s\n' "$4"
	} >"$tmp/mail/cur/$1:2,S"
}
msg 1700000001.M1P1.test plainmsg 8bit 'The plain body line.'
msg 1700000002.M1P1.test b64msg base64 "$(printf 'Decoded base64 line: caf\xc3\xa9.\n' | base64)"
msg 1700000003.M1P1.test qpmsg quoted-printable 'Decoded qp line: caf=C3=A9 soft=
break.'
msg 1700000004.M1P1.test bigmsg 8bit "$(head -c 3000000 /dev/zero | tr '\0' 'x' | fold -w 76)"

cat >"$tmp/rc" <<'EOF'
set sort=mailbox-order
set quit=yes
set wait_key=no
set pipe_sep="=====SEP=====\n"
EOF

start() {
	ui_start -x 100 -y 30 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
	ui_wait "Msgs:4" 10 || bail_out "tern did not show the folder"
}
# Wait until file $1 exists and its size stays the same for 0.1 s.
wait_file() {
	local _i prev=-1 cur
	for _i in $(seq 100); do
		cur=$(stat -c %s "$1" 2>/dev/null || echo -1)
		[ "$cur" -gt 0 ] && [ "$cur" = "$prev" ] && return 0
		prev=$cur
		sleep 0.1
	done
	return 1
}
# Move to the message whose subject is $1 (a search).
goto() {
	ui_type '/'
	ui_wait 'Search for:' 5 >/dev/null
	ui_type "~s $1"
	ui_keys Enter
	sleep 0.2
}
# Run the pipe-message prompt with command $1.
pipe_to() {
	ui_type '|'
	ui_wait 'Pipe to command:' 5 >/dev/null
	ui_type "$1"
	ui_keys Enter
}
command_() { # an rc command at the ':' prompt
	ui_type ':'
	ui_type "$1"
	ui_keys Enter
}

start

# | on the first message: the command gets the raw message on its stdin.
pipe_to "cat > $tmp/out1"
wait_file "$tmp/out1"
if grep -qx 'X-Test: plainmsg-header' "$tmp/out1" && grep -qx 'The plain body line.' "$tmp/out1" &&
	grep -qx 'Content-Transfer-Encoding: 8bit' "$tmp/out1"; then
	ok "| pipes the raw message (header and body) to the command"
else
	not_ok "| pipes the raw message (header and body) to the command" "$(head -20 "$tmp/out1" 2>&1)"
fi
# As mutt does, the message starts with an mbox From_ line: the sender and
# the delivery time (the Maildir file's).
if head -1 "$tmp/out1" | grep -Eq '^From ann@example\.org [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}$'; then
	ok "the piped message starts with an mbox From_ line"
else
	not_ok "the piped message starts with an mbox From_ line" "$(head -2 "$tmp/out1" 2>&1)"
fi
if ui_wait "Msgs:4" 5 && ui_wait "b64msg" 1; then ok "the index is drawn again after the command"; else not_ok "the index is drawn again after the command"; fi

# With $pipe_decode the base64 message arrives decoded.
command_ 'set pipe_decode'
command_ 'ignore x-test'
goto b64msg
pipe_to "cat > $tmp/out2"
wait_file "$tmp/out2"
if grep -qx 'Decoded base64 line: café.' "$tmp/out2" && ! grep -q 'RGVjb2Rl' "$tmp/out2" &&
	grep -qx 'Subject: b64msg' "$tmp/out2"; then
	ok "with pipe_decode a base64 message is piped decoded"
else
	not_ok "with pipe_decode a base64 message is piped decoded" "$(head -20 "$tmp/out2" 2>&1)"
fi
if ! grep -q '^X-Test:' "$tmp/out2" && grep -q '^X-Test:' "$tmp/out1"; then
	ok "pipe_decode_weed leaves out the fields ignore names"
else
	not_ok "pipe_decode_weed leaves out the fields ignore names" "$(head -20 "$tmp/out2" 2>&1)"
fi
command_ 'unset pipe_decode'
command_ 'unignore x-test'

# Tag the plain and the qp message; ;| with pipe_split unset: one command, each followed by pipe_sep.
goto plainmsg
ui_keys t
goto qpmsg
ui_keys t
ui_type '\;'
pipe_to "cat > $tmp/out3"
wait_file "$tmp/out3"
if [ "$(grep -c '^=====SEP=====$' "$tmp/out3")" = 2 ] &&
	[ "$(grep -E '^(X-Test:|=====SEP)' "$tmp/out3" | tr '\n' ' ')" = \
		"X-Test: plainmsg-header =====SEP===== X-Test: qpmsg-header =====SEP===== " ]; then
	ok "; | with pipe_split unset sends the tagged messages to one command, each followed by pipe_sep"
else
	not_ok "; | with pipe_split unset sends the tagged messages to one command, each followed by pipe_sep" \
		"$(grep -E '^(X-Test:|=====SEP)' "$tmp/out3" 2>&1)"
fi
# With pipe_split: one command per message (each appends to the file).
command_ 'set pipe_split'
ui_type '\;'
pipe_to "cat >> $tmp/out4; echo run >> $tmp/runs"
wait_file "$tmp/out4"
sleep 0.3
if [ "$(wc -l <"$tmp/runs")" = 2 ] && [ "$(grep -c '^X-Test:' "$tmp/out4")" = 2 ]; then
	ok "; | with pipe_split runs the command once per tagged message"
else
	not_ok "; | with pipe_split runs the command once per tagged message" "runs: $(cat "$tmp/runs" 2>&1)"
fi

# | in the pager pipes the message shown; the pager is shown again after.
goto b64msg
ui_keys Enter
ui_wait '^Subject: b64msg' 5 >/dev/null
pipe_to "cat > $tmp/out5"
wait_file "$tmp/out5"
if grep -qx 'Subject: b64msg' "$tmp/out5" && ui_wait 'Decoded base64 line' 5; then
	ok "| in the pager pipes the message shown, and the pager comes back"
else
	not_ok "| in the pager pipes the message shown, and the pager comes back" "$(head -5 "$tmp/out5" 2>&1)"
fi
ui_keys q
ui_wait "Msgs:4" 5 >/dev/null

# A command that reads nothing of a 3 MB message: tern lives on.
goto bigmsg
pipe_to "true"
sleep 0.5
ui_keys j
if ui_wait "Msgs:4" 5 && [ ! -s "$UI_TMP/exit-status" ]; then
	ok "a command that does not read the message does not end tern"
else
	not_ok "a command that does not read the message does not end tern" "exit: $(cat "$UI_TMP/exit-status" 2>&1)"
fi
# A failing command: its status on the message line, after a key.
pipe_to "cat >/dev/null; exit 3"
if ui_wait "Press any key to continue" 5; then ok "a failing command waits for a key"; else not_ok "a failing command waits for a key"; fi
ui_keys Space
if ui_wait "exit status 3" 5 && ui_wait "Msgs:4" 1; then
	ok "the failing command's exit status is shown"
else
	not_ok "the failing command's exit status is shown"
fi

# ! with $wait_key: the command runs, "Press any key", then the index again.
command_ 'set wait_key'
ui_type '!'
ui_wait 'Shell command:' 5 >/dev/null
ui_type "touch $tmp/touched"
ui_keys Enter
if ui_wait "Press any key to continue" 5 && [ -e "$tmp/touched" ]; then
	ok "! runs the command, then waits for a key (wait_key)"
else
	not_ok "! runs the command, then waits for a key (wait_key)"
fi
ui_keys Space
if ui_wait "Msgs:4" 5 && ui_wait "plainmsg" 1; then
	ok "the index is redrawn after the shell escape"
else
	not_ok "the index is redrawn after the shell escape"
fi
command_ 'set wait_key=no'

# Esc s on the base64 message: a decoded text/plain copy in an mbox, the original deleted.
goto b64msg
ui_keys M-s
ui_wait 'Decode-save to mailbox:' 5 >/dev/null
ui_type "$tmp/saved"
ui_keys Enter
wait_file "$tmp/saved"
if grep -qx 'Decoded base64 line: café.' "$tmp/saved" && ! grep -q 'RGVjb2Rl' "$tmp/saved" &&
	grep -qx 'Content-Type: text/plain; charset=utf-8' "$tmp/saved" &&
	grep -qx 'Content-Transfer-Encoding: 8bit' "$tmp/saved" && grep -q '^From ' "$tmp/saved"; then
	ok "Esc s writes the message decoded to text/plain into another folder"
else
	not_ok "Esc s writes the message decoded to text/plain into another folder" "$(head -20 "$tmp/saved" 2>&1)"
fi
if ui_wait "^ +2 [ N!r*]?D" 5; then ok "decode-save marks the original deleted"; else not_ok "decode-save marks the original deleted"; fi

# Esc C on the qp message: decoded into a Maildir, the original stays undeleted.
mkdir -p "$tmp/copied/cur" "$tmp/copied/new" "$tmp/copied/tmp"
goto qpmsg
ui_keys M-C
ui_wait 'Decode-copy to mailbox:' 5 >/dev/null
ui_type "$tmp/copied"
ui_keys Enter
for _ in $(seq 50); do
	f=$(find "$tmp/copied/cur" "$tmp/copied/new" -type f | head -1)
	[ -n "$f" ] && break
	sleep 0.1
done
if [ -n "$f" ] && grep -qx 'Decoded qp line: café softbreak.' "$f" && ! grep -q '=C3' "$f"; then
	ok "Esc C copies the message decoded into a Maildir"
else
	not_ok "Esc C copies the message decoded into a Maildir" "$(cat "$f" 2>&1 | head -20)"
fi
sleep 0.2
if ui_wait "^ +3 " 1 && ! ui_screen | grep -Eq "^ +3 [ N!r*]?D"; then
	ok "decode-copy leaves the original undeleted"
else
	not_ok "decode-copy leaves the original undeleted"
fi
ui_keys x
ui_wait "Exit tern without saving" 5 >/dev/null
ui_keys y
is "$(ui_wait_exit 10)" 0 "tern leaves with status 0 after it all"
