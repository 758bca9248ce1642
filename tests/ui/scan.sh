#!/usr/bin/env bash
# scan.sh - a search, limit or tag-pattern that reads every message of a
# big folder (~b) shows its progress on the message line, and Ctrl-C stops
# it: the search leaves the cursor, the limit is dropped and every message
# shown, tag-pattern reports how far it got. A search that ends by itself
# leaves no progress behind.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 8

tmp=$(tap_tmpdir)
n=60000
# Big enough that reading every body takes seconds on any machine.
/usr/bin/python3 - "$tmp/big" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
filler = "".join("line %d of a body that pads the message out a little\n" % i for i in range(30))
with open(path, "w") as f:
    for i in range(1, n + 1):
        word = "needle" if i == n else "hay"
        f.write("From sender@example.org Mon Mar  2 10:00:00 2026\n"
                "From: sender%d@example.org\nSubject: Message %d\n"
                "Date: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <%d@example.org>\n\n"
                "%s%s\n\n" % (i, i, i, filler, word))
PY
printf 'set sort=mailbox-order\nset index_format="%%5C %%s"\n' >"$tmp/rc"

ui_start -x 80 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/big"
ui_wait "Msgs:$n[^0-9]" 60 || bail_out "tern did not load the folder"

ui_keys /
ui_type '~b nosuchword'
ui_keys Enter
if ui_wait "Searching\.\.\. [0-9]+/$n \([0-9]+%\)" 10; then ok "a body search shows its progress"; else not_ok "a body search shows its progress"; fi
ui_keys C-c
if ui_wait 'Search interrupted\.' 10 && ui_line 2 | grep -q '^ *1 Message 1$'; then
	ok "Ctrl-C stops the search and the cursor stays"
else
	not_ok "Ctrl-C stops the search and the cursor stays" "$(ui_screen)"
fi
# The cursor is still on the first row: Enter shows message 1.
ui_keys Enter
if ui_wait '^Subject: Message 1$' 5; then ok "tern keeps working after the stopped search"; else not_ok "tern keeps working after the stopped search"; fi
ui_keys q
ui_wait "Msgs:$n[^0-9]" 5 >/dev/null

ui_keys l
ui_type '~b nosuchword'
ui_keys Enter
if ui_wait "Limiting\.\.\. [0-9]+/$n" 10; then ok "a body limit shows its progress"; else not_ok "a body limit shows its progress"; fi
ui_keys C-c
if ui_wait 'Limit stopped: all messages are shown\.' 10 && ui_wait "Msgs:$n[^0-9]" 2 &&
	! ui_screen | grep -q 'Lim:'; then
	ok "Ctrl-C stops the limit and every message is shown"
else
	not_ok "Ctrl-C stops the limit and every message is shown" "$(ui_screen)"
fi

ui_keys T
ui_type '~b nosuchword'
ui_keys Enter
ui_wait "Searching\.\.\. [0-9]+/$n" 10 >/dev/null
ui_keys C-c
if ui_wait 'Interrupted: 0 messages matched before it\.' 10; then
	ok "Ctrl-C stops tag-pattern and says how far it got"
else
	not_ok "Ctrl-C stops tag-pattern and says how far it got" "$(ui_screen)"
fi

# A search left to finish finds the last message, and no progress stays.
ui_keys /
ui_type '~b needle'
ui_keys Enter
if ui_wait "Message $n\$" 60; then ok "a body search left to run finds the last message"; else not_ok "a body search left to run finds the last message"; fi
sleep 0.3
if ! ui_screen | grep -q 'Searching'; then ok "no progress is left on the screen"; else not_ok "no progress is left on the screen" "$(ui_screen)"; fi
ui_keys q
ui_wait_exit 10 >/dev/null || true
