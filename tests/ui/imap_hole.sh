#!/usr/bin/env bash
# imap_hole.sh - a cold open fetches the newest messages first; when the link
# drops part-way, the messages not fetched yet are a hole at the front of the
# folder. The next check logs in again and fills the hole by UID, in mailbox
# order, without fetching again what tern has (tests/data/imapscript/
# hole-reconnect.script checks the commands).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 4
tmp=$(tap_tmpdir)
imapscript_certs
imapscript_start hole-reconnect
printf 'set certificate_file="%s"\nset imap_user=alice\nset imap_pass=secret\nset header_cache=/dev/null\nset socket_timeout=10\nset mail_check=1\nset sort=mailbox-order\nset index_format="%%4C %%s"\n' \
	"$IMAPSCRIPT_CA" >"$tmp/rc"
ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -f "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
if ui_wait '^ *1 newest' 10; then ok "the newest message is shown before the link drops"; else not_ok "the newest message is shown before the link drops" "$(ui_screen)"; fi
if ui_wait '^ *3 newest' 15; then ok "the next check fills the hole"; else not_ok "the next check fills the hole" "$(ui_screen)"; fi
is "$(ui_screen | grep -oE '^ *[0-9]+ (oldest|middle|newest)' | tr -s ' ' | tr '\n' ,)" " 1 oldest, 2 middle, 3 newest," \
	"the fetched messages go before the one tern had: mailbox order"
ui_keys q
ui_wait_exit 10 >/dev/null
imapscript_wait 10
rc=$?
if [ "$rc" = 0 ]; then ok "only the missing UIDs were fetched again (the server saw the commands it expected)"; else not_ok "only the missing UIDs were fetched again" "status $rc: $(tail -3 "$IMAPSCRIPT_LOG")"; fi
