#!/usr/bin/env bash
# dovecot_mime.sh - a differential test of tern's message parser against
# dovecot's, on real-world messages: the bundled demo Maildir (contrib/demo)
# and the MIME test messages tests/data/mime/*.eml when there are any.
#
# Each message is appended over IMAPS (test CA verified) to a private dovecot
# started on 127.0.0.1, and what dovecot reports (ENVELOPE, BODYSTRUCTURE,
# RFC822.SIZE and each part's encoded bytes) is compared with what
# tests/tools/msgdump prints from tern's email_parse() of the same CRLF bytes:
# envelope fields, and per part the IMAP section, depth, type, charset,
# transfer encoding, disposition, file name, encoded size and content hash.
# One TAP case per message; a failing case lists every difference.
# tests/integration/imap_mime.py does the IMAP side and the comparison.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"

MSGDUMP=$top_builddir/tests/tools/msgdump
[ -x "$MSGDUMP" ] || bail_out "$MSGDUMP is not built (make check builds it)"

# DOVECOT_MIME_FILES="file..." compares other messages instead (by hand, e.g.
# the edge-case corpus tests/data/corpus/*.eml, where the two parsers' choices
# for broken mail differ by design).
files=()
if [ -n "${DOVECOT_MIME_FILES:-}" ]; then
	set -- $DOVECOT_MIME_FILES
else
	set -- "$top_srcdir"/contrib/demo/cur/* "$top_srcdir"/contrib/demo/new/* \
		"$top_srcdir"/tests/data/mime/*.eml
fi
for f in "$@"; do
	[ -f "$f" ] && files+=("$f")
done
if [ ${#files[@]} = 0 ]; then
	plan 1
	not_ok "messages to compare exist" "none in contrib/demo/{cur,new} or tests/data/mime/*.eml"
	exit 0
fi

servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_SEED=0
WORK=$(tap_tmpdir)
plan ${#files[@]}

# imap_mime.py speaks a small line protocol (ok/fail/diag); tap.sh numbers the cases.
status=
while IFS= read -r l; do
	case $l in
	"ok "*) ok "${l#ok }" ;;
	"fail "*) not_ok "${l#fail }" ;;
	"diag "*) diag "${l#diag }" ;;
	"exit "*) status=${l#exit } ;;
	*) diag "$l" ;;
	esac
done < <(/usr/bin/python3 "$top_srcdir/tests/integration/imap_mime.py" --msgdump "$MSGDUMP" \
	--work "$WORK" --root "$top_srcdir" "${files[@]}" 2>"$WORK/imap_mime.err"
	echo "exit $?")

if [ "$status" != 0 ] || [ "$TAP_N" != ${#files[@]} ]; then
	diag "imap_mime.py exited with status ${status:-?} after $TAP_N of ${#files[@]} messages:"
	diag "$(tail -n 30 "$WORK/imap_mime.err")"
	diag "$(tail -n 20 "$TESTENV_LOGDIR/dovecot.log" 2>/dev/null)"
	bail_out "the comparison did not run to the end"
fi
exit 0
