#!/usr/bin/env bash
# imap_stall.sh - a server that stops answering in the middle of a response
# (the scripted server's literal that never ends) never freezes tern: keys
# still work, the status line says what tern waits for, Ctrl-C abandons the
# open at once (long before $socket_timeout), and q leaves.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 5
tmp=$(tap_tmpdir)
imapscript_certs
imapscript_start literal-stall --stall-max 120
printf 'set certificate_file="%s"\nset imap_user=alice\nset imap_pass=secret\nset header_cache=/dev/null\nset socket_timeout=60\n' \
	"$IMAPSCRIPT_CA" >"$tmp/rc"
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -f "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
if ui_wait 'Fetching message headers' 10; then ok "the status line says what tern waits for"; else not_ok "the status line says what tern waits for"; fi
ui_keys '?'
if ui_wait '^Help for index' 5; then ok "keys work while the server is stalled (help opens)"; else not_ok "keys work while the server is stalled (help opens)"; fi
ui_keys q
t0=$(date +%s%N)
ui_keys C-c
if ui_wait 'stopped' 5; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 3000 ]; then ok "Ctrl-C abandons the open in ${ms} ms (the timeout is 60 s)"; else not_ok "Ctrl-C abandons the open at once" "${ms} ms"; fi
else
	not_ok "Ctrl-C abandons the open at once" "$(ui_screen)"
fi
t0=$(date +%s%N)
ui_keys q
status=$(ui_wait_exit 10)
ms=$((($(date +%s%N) - t0) / 1000000))
is "$status" 0 "q leaves with status 0"
if [ "$ms" -lt 5000 ]; then ok "and promptly (${ms} ms)"; else not_ok "and promptly" "${ms} ms"; fi
