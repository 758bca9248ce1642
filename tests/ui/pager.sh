#!/usr/bin/env bash
# pager.sh - hard text in the index and pager, as a person sees it in tmux:
# a 5,000-character line, subjects with emoji ZWJ sequences, skin tones,
# combining marks and double-width text; quoted levels; search; full
# headers. Nothing may run past the screen's edge or break the layout.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 14

tmp=$(tap_tmpdir)
mkdir -p "$tmp/mail/cur" "$tmp/mail/new" "$tmp/mail/tmp"
long=$(/usr/bin/python3 -c 'print(" ".join("word%04d" % i for i in range(556)))')
write_msg() { # NAME SUBJECT BODY
	printf 'From: Zoë Ünal <zoe@example.org>\nTo: you@example.org\nSubject: %s\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <%s@example.org>\nX-Extra: hidden by default\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
		"$2" "$1" "$3" >"$tmp/mail/cur/$1:2,S"
}
write_msg 1000.a "Family 👨‍👩‍👧‍👦 and 👍🏽 thumbs ❤️ 1️⃣ 🇩🇪" "short body"
write_msg 1001.b $'Cafe\u0301 combining, 日本語の件名です' "$(printf 'Hello,\n\n> quoted once\n> > quoted twice\n\nneedle in the body\n\n-- \nsig')"
write_msg 1002.c "A very long line" "$long"
printf 'set index_format="%%4C %%-40.40s|%%n"\nset sort=mailbox-order\nset markers=yes\nset smart_wrap=yes\nignore *\nunignore from: to: subject: date:\n' >"$tmp/rc"

ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
ui_wait "Msgs:3[] ]" 10 || bail_out "tern did not show the folder"

# Display columns of every row, by Python's Unicode tables (tmux's cells).
max_width() {
	ui_screen | /usr/bin/python3 -c '
import sys, unicodedata
def w(c):
    if unicodedata.combining(c) or c in "\u200d\ufe0f" or 0x1f3fb <= ord(c) <= 0x1f3ff: return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
print(max(sum(w(c) for c in l) for l in sys.stdin.read().splitlines() or [""]))'
}

if ui_wait 'Family' 5 && ui_wait '日本語の件名です' 2 && [ "$(max_width)" -le 80 ]; then
	ok "emoji, combining and CJK subjects fit in 80 columns in the index"
else
	not_ok "emoji, combining and CJK subjects fit in 80 columns in the index" "$(ui_screen)"
fi
# The column after the subject is the same on every row: each cluster took
# the columns the layout gave it, whatever the terminal does with ZWJ, skin
# tones, VS16 and keycaps.
bar_columns() {
	ui_screen | /usr/bin/python3 -c '
import sys, unicodedata
def w(c):
    if unicodedata.combining(c) or c in "\u200d\ufe0f\u20e3" or 0x1f3fb <= ord(c) <= 0x1f3ff: return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
print(" ".join(sorted({str(sum(w(c) for c in l[:l.index("|")])) for l in sys.stdin.read().splitlines() if "|" in l})))'
}
if [ "$(bar_columns)" = 45 ]; then
	ok "the columns after emoji, combining and CJK subjects line up"
else
	not_ok "the columns after emoji, combining and CJK subjects line up" "bar at: $(bar_columns)
$(ui_screen)"
fi
if ui_tmux_ capture-pane -p -t "$UI_SESSION" | sed -n 23p | grep -q 'Msgs:3'; then
	ok "the status bar stays on row 23"
else
	not_ok "the status bar stays on row 23" "$(ui_screen)"
fi

# The long line wraps at blanks, each continuation marked with "+".
ui_keys End Enter
if ui_wait '^Subject: A very long line' 5 && ui_wait '^\+' 2 && [ "$(max_width)" -le 80 ] &&
	ui_screen | grep -q 'word0000 word0001'; then
	ok "a 5,000-character line wraps within 80 columns with + markers"
else
	not_ok "a 5,000-character line wraps within 80 columns with + markers" "$(ui_screen)"
fi
if ! ui_screen | grep -E '^\+?.*word[0-9]*$' | grep -Eq 'word[0-9]{1,3}$'; then
	ok "smart_wrap never cuts a word"
else
	not_ok "smart_wrap never cuts a word" "$(ui_screen | grep -E 'word[0-9]{1,3}$')"
fi
ui_keys End
if ui_wait 'word0555' 5; then ok "End shows the end of the long line"; else not_ok "End shows the end of the long line"; fi
ui_keys q

# Quoted levels, search and full headers in the second message.
ui_keys Home Down Enter
if ui_wait '^> quoted once' 5 && ui_wait '^> > quoted twice' 2; then ok "quoted lines are shown"; else not_ok "quoted lines are shown"; fi
if ! ui_screen | grep -q 'X-Extra'; then ok "headers are weeded by ignore/unignore"; else not_ok "headers are weeded by ignore/unignore"; fi
ui_keys h
if ui_wait '^X-Extra: hidden by default' 5; then ok "h shows every header"; else not_ok "h shows every header"; fi
ui_keys /
ui_type 'needle'
ui_keys Enter
# The match is shown in the search colour (mutt's default: reverse video).
if ui_wait '^needle in the body' 5 &&
	ui_tmux_ capture-pane -e -p -t "$UI_SESSION" | grep -q $'\e\\[[0-9;]*7[0-9;]*mneedle'; then
	ok "/ marks the match in reverse video"
else
	not_ok "/ marks the match in reverse video" "$(ui_tmux_ capture-pane -e -p -t "$UI_SESSION" | grep needle | cat -v)"
fi
# $pager_index_lines: the index's rows and its status bar above the message.
ui_keys q
ui_wait 'Msgs:3' 5 >/dev/null
ui_keys :
ui_type 'set pager_index_lines=4'
ui_keys Enter Enter
if ui_wait '^Subject: Cafe' 5 && ui_line 1 | grep -q '^i:Exit' && ui_line 2 | grep -q '^ *1 Family' &&
	ui_line 3 | grep -q '^ *2 Cafe' && ui_line 4 | grep -q '^ *3 A very long' &&
	ui_line 5 | grep -q 'Msgs:3' && ui_line 6 | grep -q '^From: Zo'; then
	ok "pager_index_lines=4: the help bar, three index rows and the index status above the message"
else
	not_ok "pager_index_lines=4: the help bar, three index rows and the index status above the message" "$(ui_screen)"
fi
# The current row is the one drawn in the indicator's reverse video.
if ui_tmux_ capture-pane -e -p -t "$UI_SESSION" | sed -n 3p | grep -q $'\e\\[[0-9;]*7[0-9;]*m *2 Cafe'; then
	ok "the mini-index highlights the message shown"
else
	not_ok "the mini-index highlights the message shown" "$(ui_tmux_ capture-pane -e -p -t "$UI_SESSION" | sed -n 1,5p | cat -v)"
fi
# A prompt from the pager (save-message goes back to the index to ask) is
# drawn over a live screen, and Ctrl-G returns to the message.
ui_keys s
if ui_wait '^Save to mailbox' 5 && ui_keys C-g && ui_wait '^Subject: Cafe' 5; then
	ok "save-message from the pager prompts, and Ctrl-G returns to the message"
else
	not_ok "save-message from the pager prompts, and Ctrl-G returns to the message" "$(ui_screen)"
fi
ui_keys q q
is "$(ui_wait_exit 10)" 0 "q q leaves the pager and tern"
