#!/usr/bin/env bash
# imap_search.sh - a body limit and a body tag-pattern in the interface on an
# imaps:// folder: the index shows the messages the same pattern finds in a
# Maildir copy of the folder, and dovecot's rawlog shows a UID SEARCH and no
# message body fetched. The interface matches with the model's lock held:
# the search must neither wait for the session nor download the folder.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 5
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
tmp=$(tap_tmpdir)
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Words --count 300 --body-bytes 60 >/dev/null ||
	bail_out "make-maildir.py failed"
cp -r "$TESTENV_MAILDIR1/.Words" "$tmp/local"
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\nset sort=mailbox-order\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
raw="$TESTENV_DIR/log/rawlog"
count() { "$TERN" -n -R -F "$tmp/rc" -f "$tmp/local" --limit="$1" --list 2>/dev/null | wc -l; }
mark() { seen=$(cat "$raw"/*.in 2>/dev/null | wc -l); }
sent() { cat "$raw"/*.in 2>/dev/null | tail -n +"$((seen + 1))"; }
xray=$(count '~b xray')
yankee=$(count '=b yankee')
[ "$xray" -gt 0 ] && [ "$xray" -lt 300 ] || bail_out "the test folder has $xray messages with xray"

ui_start -x 100 -y 24 -- "$TERN" -n -F "$tmp/rc" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/Words"
ui_wait 'Msgs:300[^0-9]' 20 || bail_out "the folder did not load: $(ui_screen | tail -3)"
sleep 1 # the rawlog of the open is written
mark
ui_keys l
ui_type '~b xray'
ui_keys Enter
if ui_wait "Msgs:$xray/300[^0-9]" 15; then
	ok "limit ~b xray shows the $xray messages the Maildir copy has"
else
	not_ok "limit ~b xray shows the $xray messages the Maildir copy has" "$(ui_screen | tail -3)"
fi
ui_keys l C-u
ui_type 'all'
ui_keys Enter
ui_wait 'Msgs:300[^0-9]' 10 >/dev/null
ui_keys T
ui_type '=b yankee'
ui_keys Enter
if ui_wait "Tag:$yankee[^0-9]" 15 || ui_wait "$yankee tagged" 1; then
	ok "tag-pattern =b yankee tags the $yankee messages the Maildir copy has"
else
	not_ok "tag-pattern =b yankee tags the $yankee messages the Maildir copy has" "$(ui_screen | tail -3)"
fi
ui_keys q
ui_wait_exit 10 >/dev/null || true
ui_stop
wire=$(sent)
is "$(grep -c 'UID SEARCH.* BODY xray' <<<"$wire")" 1 "the limit asked the server once"
is "$(grep -c 'UID SEARCH.* BODY yankee' <<<"$wire")" 1 "the tag-pattern asked once, though tagging changed flags mid-loop"
is "$(grep -cE 'BODY(\.PEEK)?\[\]' <<<"$wire")" 0 "no message body was fetched"
