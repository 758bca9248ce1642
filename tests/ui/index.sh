#!/usr/bin/env bash
# index.sh - tern's index and pager, driven as a person would in tmux, on a
# copy of the bundled demo Maildir: decoded subjects in many scripts, a
# thread tree, columns that line up with wide characters, opening a message,
# paging, a narrow terminal, and quitting.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 13

tmp=$(tap_tmpdir)
cp -R "$top_srcdir/contrib/demo" "$tmp/mail"
chmod -R u+w "$tmp/mail"
total=$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)

# Display columns of each screen line, from Python's Unicode tables (not
# tern's): prints for every line the character at column 38 and the text
# from column 39 on. mutt's default $index_format,
# "%4C %Z %{%b %d} %-15.15L (%?l?%4l&%4c?) %s", puts the subject at column 39.
columns_at() {
	/usr/bin/python3 -c '
import sys, unicodedata
def width(c):
    if unicodedata.combining(c) or c in "\u200d\ufe0f": return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
for line in sys.stdin.read().splitlines():
    col, cells = 0, {}
    for c in line:
        cells.setdefault(col, c)
        col += width(c)
    rest = "".join(cells[k] for k in sorted(cells) if k >= 39)
    print("%s|%s" % (cells.get(38, " "), rest))
'
}

ui_start -x 120 -y 60 -- "$TERN" -n -e "set sort=threads" -f "$tmp/mail"
if ui_wait "Msgs:$total[] ]" 10; then
	ok "the status bar counts all $total messages"
else
	not_ok "the status bar counts all $total messages"
fi

screen=$(ui_screen)
if grep -q 'Φωτογραφίες από τη Θεσσαλονίκη' <<<"$screen" && grep -q '【ご予約確認】' <<<"$screen"; then
	ok "Greek and ISO-2022-JP subjects are decoded"
else
	not_ok "Greek and ISO-2022-JP subjects are decoded" "$screen"
fi
if grep -q '=?' <<<"$screen"; then
	not_ok "no raw encoded words on screen" "$(grep '=?' <<<"$screen")"
else
	ok "no raw encoded words on screen"
fi
if grep -Eq '[├└]─>' <<<"$screen" && grep -Eq '│ +└─>' <<<"$screen"; then
	ok "replies are drawn under their parents with a thread tree"
else
	not_ok "replies are drawn under their parents with a thread tree" "$screen"
fi

# Every index row has its subject column at the same place, CJK senders included.
# Column 38 separates size and subject; from column 39 comes the subject,
# or a thread tree (indented with spaces and verticals) and then the subject.
bad=$(sed -n '2,52p' <<<"$screen" | columns_at | grep -vnE '^ \|($|[^ │]|([ │] )*[├└]─>)' || true)
if [ -z "$bad" ]; then
	ok "the subject column lines up on every row (wide characters counted)"
else
	not_ok "the subject column lines up on every row (wide characters counted)" "$bad"
fi

# collapse-all folds every thread into its first message, and back.
threads=$("$TERN" -n -e 'set sort=threads' -f "$tmp/mail" --list --format='%i' | wc -l)
ui_keys Escape V
if ui_wait "^ +1 " 5 && sleep 0.3 && rows=$(ui_screen | grep -cE '^ +[0-9]+ ') &&
	[ "$rows" -lt "$total" ] && [ "$rows" -gt 0 ]; then
	ok "collapse-all folds the threads ($rows rows for $total messages)"
else
	not_ok "collapse-all folds the threads" "$(ui_screen | head -5)"
fi
ui_keys Escape V
sleep 0.3
is "$(ui_screen | grep -cE '^ +[0-9]+ ')" "$threads" "collapse-all again shows every message"

# Open the message under the cursor (the first row) and read it.
first_subject=$(ui_line 2 | cut -c40-)
ui_keys Enter
if ui_wait "^Subject: " 5; then
	pager=$(ui_screen)
	if grep -qF "Subject: $first_subject" <<<"$pager" && grep -q '^From: ' <<<"$pager"; then
		ok "Enter opens the message with its decoded headers"
	else
		not_ok "Enter opens the message with its decoded headers" "$pager"
	fi
else
	not_ok "Enter opens the message with its decoded headers"
fi
ui_keys q
if ui_wait "Msgs:$total[] ]" 5; then ok "q in the pager returns to the index"; else not_ok "q in the pager returns to the index"; fi

# Move to the Greek message and open it: its ISO-8859-7 body is decoded.
row=$(ui_screen | grep -n 'Φωτογραφίες από τη Θεσσαλονίκη' | head -1 | cut -d: -f1)
for ((i = 2; i < row; i++)); do ui_keys j; done
ui_keys Enter
if ui_wait 'Subject: Φωτογραφίες' 5 && ui_screen | grep -q '^Γεια σου Tamsin'; then
	ok "the Greek message's body is shown in Greek"
else
	not_ok "the Greek message's body is shown in Greek" "$(ui_screen)"
fi
ui_keys q

ui_keys q
is "$(ui_wait_exit 5)" 0 "q in the index quits with status 0"

# A very narrow, short terminal: still an index, still quits cleanly.
ui_start -x 40 -y 10 -- "$TERN" -n -e "set sort=threads" -f "$tmp/mail"
if ui_wait "^ +[0-9]+ ... [A-Z][a-z][a-z] [0-9]" 10; then
	ok "a 40x10 terminal shows the index"
else
	not_ok "a 40x10 terminal shows the index"
fi
ui_keys Enter q q
is "$(ui_wait_exit 5)" 0 "open, close and quit in a 40x10 terminal"
