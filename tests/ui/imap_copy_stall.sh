#!/usr/bin/env bash
# imap_copy_stall.sh - a copy on a server that stops answering (the scripted
# server takes the UID COPY and says nothing) never freezes tern: the message
# line says it is copying and how to stop, Ctrl-C stops the copy at once
# (long before $socket_timeout) with nothing marked deleted (keys typed
# meanwhile are not applied: a save waits as a read does), and q leaves
# promptly.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 5
tmp=$(tap_tmpdir)
imapscript_certs
inc=$(cd "$top_srcdir" && pwd)/tests/data/imapscript
sed "s|@INC@|$inc|" >"$tmp/stall.script" <<'EOF'
tls
send * OK [CAPABILITY IMAP4rev1 LITERAL+] imapscript ready
include @INC@/login-select.inc
include @INC@/fetch-headers.inc
expect-re ^(\S+) UID COPY 1 Archive$
stall
EOF
imapscript_start "$tmp/stall.script" --stall-max 120
printf 'set certificate_file="%s"\nset imap_user=alice\nset imap_pass=secret\nset header_cache=/dev/null\nset socket_timeout=60\nset sort=mailbox-order\n' \
	"$IMAPSCRIPT_CA" >"$tmp/rc"
L="imaps://localhost:$IMAPSCRIPT_PORT"
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -f "$L/INBOX"
ui_wait 'Msgs:3[^0-9]' 10 >/dev/null || bail_out "the folder did not load"
ui_keys Home s
ui_wait 'Save to mailbox: ' 5 >/dev/null
ui_keys C-u
ui_type "$L/Archive"
ui_keys Enter
if ui_wait 'Copying\.\.\. \(Ctrl-C stops\)' 10; then ok "the message line says tern is copying"; else not_ok "the message line says tern is copying"; fi
ui_keys d # a stray key while the copy waits: not applied to the message
t0=$(date +%s%N)
ui_keys C-c
if ui_wait ': (cancelled|stopped)' 5; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 3000 ]; then ok "Ctrl-C stops the copy in ${ms} ms (the timeout is 60 s)"; else not_ok "Ctrl-C stops the copy at once" "${ms} ms"; fi
else
	not_ok "Ctrl-C stops the copy at once" "$(ui_screen)"
fi
sleep 0.3
if ui_screen | grep -q 'Msgs:3[^0-9]' && ! ui_screen | grep -q 'Del:' && ! ui_screen | grep -q 'Moving'; then
	ok "nothing is marked deleted, and the progress is gone"
else
	not_ok "nothing is marked deleted, and the progress is gone" "$(ui_screen | tail -3)"
fi
t0=$(date +%s%N)
ui_keys q
ui_wait 'Exit|quit' 1 >/dev/null 2>&1 && ui_keys y
status=$(ui_wait_exit 10) || diag "$(ui_screen | tail -3)"
ms=$((($(date +%s%N) - t0) / 1000000))
is "$status" 0 "q leaves with status 0"
if [ "$ms" -lt 5000 ]; then ok "and promptly (${ms} ms)"; else not_ok "and promptly" "${ms} ms"; fi
ui_stop
