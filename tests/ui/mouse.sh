#!/usr/bin/env bash
# mouse.sh - the mouse as a person uses it, with $mouse set: a click selects
# a message, a double click opens it, the wheel scrolls the index and the
# pager; with $mouse unset tern asks the terminal for no mouse reports, and
# :set mouse turns them on.
# tmux passes the terminal's own mouse reports (X10 encoding, kmous=\E[M
# in screen-256color) to the pane as bytes.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 15

tmp=$(tap_tmpdir)
mkdir -p "$tmp/mail/cur" "$tmp/mail/new" "$tmp/mail/tmp"
for i in $(seq -w 1 60); do
	{
		printf 'From: sender%s@example.org\nSubject: Message %s\n' "$i" "$i"
		printf 'Date: Mon, 2 Mar 2026 10:%s:00 +0000\nMessage-ID: <%s@example.org>\n\n' "$i" "$i"
		for l in $(seq -w 1 80); do printf 'body %s line %s\n' "$i" "$l"; done
	} >"$tmp/mail/cur/$i.x:2,S"
done
printf 'set sort=mailbox-order\nset index_format="%%4C %%s"\n' >"$tmp/rc.off"
{ cat "$tmp/rc.off"; echo 'set mouse=yes'; } >"$tmp/rc"

# Mouse reports as a terminal sends them: ESC [ M, then button, column and
# row (1-based), each plus 32.
report() { # BUTTON ROW COL (0-based screen row and column)
	printf '1b 5b 4d %x %x %x ' $((32 + $1)) $((33 + $3)) $((33 + $2))
}
click() { ui_tmux_ send-keys -t "$UI_SESSION" -H $(report 0 "$1" 10) $(report 3 "$1" 10); }
double_click() { ui_tmux_ send-keys -t "$UI_SESSION" -H $(report 0 "$1" 10) $(report 3 "$1" 10) $(report 0 "$1" 10) $(report 3 "$1" 10); }
wheel() { # up|down
	ui_tmux_ send-keys -t "$UI_SESSION" -H $(report $([ "$1" = up ] && echo 64 || echo 65) 5 10)
}
# The subject of the message the pager shows, after Enter.
opened() {
	ui_keys Enter
	ui_wait '^Subject: Message [0-9]+' 5 && ui_screen | sed -n 's/^Subject: //p' | head -1
	ui_keys q
	ui_wait 'Msgs:60' 5 >/dev/null
}
is() { # GOT WANT NAME
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3" "got '$1', want '$2'
$(ui_screen)"; fi
}

ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc.off" -f "$tmp/mail"
ui_wait "Msgs:60" 10 || bail_out "tern did not show the folder"
# tmux knows whether the program in the pane asked for mouse reports.
mouse_flag() { ui_tmux_ display-message -p -t "$UI_SESSION" '#{mouse_standard_flag}#{mouse_any_flag}#{mouse_button_flag}' | tr -d 0; }
is "$(mouse_flag)" "" "with \$mouse unset tern asks the terminal for no mouse reports"
ui_keys :
ui_type 'set mouse=yes'
ui_keys Enter
sleep 0.3
is "$([ -n "$(mouse_flag)" ] && echo on)" "on" ":set mouse=yes turns the reports on at once"
ui_stop

ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
ui_wait "Msgs:60" 10 || bail_out "tern did not show the folder"
click 5
sleep 0.3
is "$(opened)" "Message 05" "a click on screen row 5 selects the fifth message"
click 22
sleep 0.3
is "$(opened)" "Message 05" "a click on the status bar changes nothing"
double_click 7
if ui_wait '^Subject: Message 07' 5; then ok "a double click opens the message under it"; else not_ok "a double click opens the message under it" "$(ui_screen)"; fi

# The wheel in the pager: three lines a notch.
# Row 18 of the screen moves up to row 12 after two notches, and back.
before=$(ui_line 19)
wheel down
wheel down
sleep 0.3
is "$(ui_line 13)" "$before" "the wheel scrolls the pager three lines a notch"
wheel up
wheel up
sleep 0.3
is "$(ui_line 19)" "$before" "the wheel up scrolls the pager back"
ui_keys q
ui_wait 'Msgs:60' 5 >/dev/null

# The wheel in the index scrolls the list; the cursor stays on screen.
wheel down
wheel down
sleep 0.3
is "$(ui_line 2 | sed 's/^ *[0-9]* //')" "Message 07" "two notches down show message 7 at the top"
is "$(opened)" "Message 07" "the cursor that left the screen is moved onto it"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do wheel down; done
sleep 0.5
is "$(ui_line 22 | sed 's/^ *[0-9]* //')" "Message 60" "the wheel stops with the last message on the last row"
wheel up
sleep 0.3
is "$(ui_line 2 | sed 's/^ *[0-9]* //')" "Message 37" "the wheel up scrolls back three rows"
ui_keys q
ui_wait_exit 5 || true
ui_stop

# $help unset: no help bar, the list starts on the top row, the pager's
# headers too, and clicks count from there.
{ cat "$tmp/rc"; echo 'set help=no'; } >"$tmp/rc.nohelp"
ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc.nohelp" -f "$tmp/mail"
ui_wait "Msgs:60" 10 || bail_out "tern did not show the folder"
if ui_line 1 | grep -q '^ *1 Message 01$' && ! ui_screen | grep -q 'q:Quit'; then
	ok "with \$help unset the index has no help bar"
else
	not_ok "with \$help unset the index has no help bar" "$(ui_screen)"
fi
click 4
sleep 0.3
is "$(opened)" "Message 05" "with \$help unset a click on screen row 4 selects the fifth message"
ui_keys Enter
ui_wait '^Subject: Message 05' 5 >/dev/null
if ui_line 1 | grep -Eq '^(Date|From):' && ! ui_screen | grep -q 'i:Exit'; then
	ok "with \$help unset the pager has no help bar"
else
	not_ok "with \$help unset the pager has no help bar" "$(ui_screen)"
fi
ui_keys q q
ui_wait_exit 5 || true
ui_stop

# The folder browser: a double click on a mailbox opens it.
mkdir -p "$tmp/other/cur" "$tmp/other/new" "$tmp/other/tmp"
cp "$tmp/mail/cur/01.x:2,S" "$tmp/other/cur/"
{ cat "$tmp/rc"; echo "mailboxes $tmp/mail $tmp/other"; } >"$tmp/rc.y"
ui_start -x 200 -y 24 -- "$TERN" -n -F "$tmp/rc.y" -y
ui_wait 'other' 10 || bail_out "tern did not show the mailboxes"
row=$(ui_screen | grep -n 'other' | head -1 | cut -d: -f1)
double_click $((row - 1))
if ui_wait 'Msgs:1[^0-9]' 5 && ui_screen | grep -q 'Message 01'; then
	ok "a double click in the browser opens the mailbox"
else
	not_ok "a double click in the browser opens the mailbox" "$(ui_screen)"
fi
ui_keys q
ui_wait_exit 5 || true
