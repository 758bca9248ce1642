#!/usr/bin/env bash
# imap_open.sh - imap:// and imaps:// folders in tern, headless, against the
# private dovecot: the index of INBOX with decoded subjects and the flags the
# server keeps, a message shown without being marked read on the server
# (BODY.PEEK), STARTTLS and implicit TLS, a 3,000-message folder fetched in
# pipelined batches, new mail seen by a second open, and clear errors for a
# wrong password and a missing folder.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"

plan 23
TERN=${TERN:-$top_builddir/tern}
servers_start TESTENV_SMTP=none TESTENV_PROXY=0
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Big --count 3000 >/dev/null ||
	bail_out "make-maildir.py failed"
tmp=$(tap_tmpdir)
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
P="imap://$TESTENV_HOST:$TESTENV_IMAP_PORT"
list() { "$TERN" -n -F "$tmp/rc" -f "$1" --list --format='%s|%Z' 2>"$tmp/err"; }
# The server's own view of a message's flags (Debian's python, imaplib).
server_flags() { # FOLDER SEQ
	/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" "$1" "$2" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw, box, seq = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw); m.select(box, readonly=True)
print(m.fetch(seq, "(FLAGS)")[1][0].decode())
PY
}

out=$(list "$S/INBOX")
if [ "$(wc -l <<<"$out")" = 3 ] && grep -q '^Grüße mit Anhang|' <<<"$out" && grep -q '^already seen and flagged|.*!' <<<"$out"; then
	ok "imaps:// INBOX lists the 3 messages, subjects decoded, flags as the server keeps them"
else
	not_ok "imaps:// INBOX lists the 3 messages, subjects decoded, flags as the server keeps them" "$out $(cat "$tmp/err")"
fi
is "$(list "$P/INBOX" | wc -l)" 3 "imap:// (STARTTLS) lists them too"
shown=$("$TERN" -n -F "$tmp/rc" -f "$S/INBOX" --show=2 2>&1)
if grep -q 'Grüße mit Anhang' <<<"$shown" && ! grep -q $'\r' <<<"$shown"; then
	ok "--show fetches the message (line ends as LF)"
else
	not_ok "--show fetches the message (line ends as LF)" "$(head -20 <<<"$shown" | cat -A | head -20)"
fi
flags=$(server_flags INBOX 2)
if ! grep -q 'Seen' <<<"$flags"; then ok "showing it does not mark it read on the server (BODY.PEEK)"; else not_ok "showing it does not mark it read on the server (BODY.PEEK)" "$flags"; fi
# A body pattern reads the messages from the server (BODY.PEEK).
is "$("$TERN" -n -F "$tmp/rc" -f "$S/INBOX" --limit='~b siehe' --list --format='%s' 2>&1)" "Grüße mit Anhang" "~b finds a word in a body on the server"
big=$(list "$S/Big")
is "$(wc -l <<<"$big")" 3000 "a 3,000-message folder is fetched whole"
is "$(sort <<<"$big" | uniq | wc -l)" 3000 "no message twice"
# Mail delivered while we were away is there on the next open.
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Big --count 5 >/dev/null
is "$(list "$S/Big" | wc -l)" 3005 "new mail is there on the next open"
# Changes reach the server: --read stores \Seen, --delete expunges exactly the message.
"$TERN" -n -F "$tmp/rc" -f "$S/INBOX" --limit='~s hello' --read 2>"$tmp/err"
flags=$(server_flags INBOX 1)
if grep -q 'Seen' <<<"$flags"; then ok "--read stores \\Seen on the server"; else not_ok "--read stores \\Seen on the server" "$flags $(cat "$tmp/err")"; fi
before=$(list "$S/Big" | wc -l)
"$TERN" -n -F "$tmp/rc" -f "$S/Big" --limit='~s "load message 7 "' --delete 2>"$tmp/err"
after=$(list "$S/Big")
is "$(wc -l <<<"$after")" "$((before - 1))" "--delete removes one message from the server"
if ! grep -q '^load message 7 ' <<<"$after"; then ok "and it is the one asked for"; else not_ok "and it is the one asked for" "$(grep '^load message 7 ' <<<"$after")"; fi
# The header cache: a warm open lists the same, with flags changed by another
# client and a message delivered meanwhile.
hc=(-e "set header_cache=$tmp/hc/")
mkdir -p "$tmp/hc"
cold=$("$TERN" -n -F "$tmp/rc" "${hc[@]}" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
warm=$("$TERN" -n -F "$tmp/rc" "${hc[@]}" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
ids() { "$TERN" -n -F "$tmp/rc" "${hc[@]}" -f "$S/Big" --list --format='%i' 2>/dev/null; }
second=$("$TERN" -n -F "$tmp/rc" -e 'set sort=mailbox-order' -f "$S/Big" --list --format='%i' 2>/dev/null | sed -n 2p)
had=$(ids | grep -cxF "$second")
if [ -n "$cold" ] && [ "$cold" = "$warm" ] && [ -n "$(ls "$tmp/hc")" ]; then ok "a warm open (header cache) lists exactly what the cold one did"; else not_ok "a warm open (header cache) lists exactly what the cold one did" "$(diff <(echo "$cold") <(echo "$warm") | head -5) $(cat "$tmp/err")"; fi
/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw); m.select("Big")
m.store("1", "+FLAGS", "(\\Flagged)")
m.store("2", "+FLAGS", "(\\Deleted)"); m.expunge()
m.append("Big", None, None, b"From: x@example.org\r\nSubject: delivered while away\r\n\r\nhi\r\n")
m.logout()
PY
warm=$("$TERN" -n -F "$tmp/rc" "${hc[@]}" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
is "$(sed -n 1p <<<"$warm" | grep -c '!')" 1 "a flag set by another client shows on the warm open"
# (make-maildir.py may have given another message the same Message-ID: count them)
if [ -n "$second" ] && [ "$(ids | grep -cxF "$second")" = "$((had - 1))" ]; then ok "a message expunged by another client is gone on the warm open"; else not_ok "a message expunged by another client is gone on the warm open"; fi
if grep -q '^delivered while away|' <<<"$warm" && [ "$(wc -l <<<"$warm")" = "$(wc -l <<<"$cold")" ]; then ok "a message delivered meanwhile is fetched on the warm open"; else not_ok "a message delivered meanwhile is fetched on the warm open" "$(tail -2 <<<"$warm")"; fi
# The warm open (QRESYNC: only what changed since the last one, with a
# message expunged by the other client) shows what a full open shows.
full=$("$TERN" -n -F "$tmp/rc" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
if [ "$warm" = "$full" ]; then ok "the warm open after another client's changes matches a full open"; else not_ok "the warm open after another client's changes matches a full open" "$(diff <(echo "$full") <(echo "$warm") | head -6)"; fi
# The same with CONDSTORE alone ($imap_qresync unset): the warm open after
# another client's flag change, expunge and delivery matches a full open.
cs=(-e "set header_cache=$tmp/hc2/" -e 'set imap_qresync=no')
mkdir -p "$tmp/hc2"
"$TERN" -n -F "$tmp/rc" "${cs[@]}" -f "$S/Big" --list >/dev/null 2>&1
/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw); m.select("Big")
m.store("3", "+FLAGS", "(\\Seen \\Flagged)")
m.append("Big", None, None, b"From: x@example.org\r\nSubject: second delivery\r\n\r\nhi\r\n")
m.logout()
PY
warm=$("$TERN" -n -F "$tmp/rc" "${cs[@]}" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
full=$("$TERN" -n -F "$tmp/rc" -f "$S/Big" --list --format='%s|%Z' 2>"$tmp/err")
if [ "$warm" = "$full" ] && grep -q '^second delivery|' <<<"$warm"; then ok "CONDSTORE without QRESYNC: the warm open after changes matches a full open"; else not_ok "CONDSTORE without QRESYNC: the warm open after changes matches a full open" "$(diff <(echo "$full") <(echo "$warm") | head -6)"; fi
# Copies into IMAP folders: APPEND with the flags, a missing folder created
# ([TRYCREATE]), and a local message uploaded.
"$TERN" -n -F "$tmp/rc" -f "$S/INBOX" --limit='~s Grüße' --copy="$S/Archive" 2>"$tmp/err"
if list "$S/Archive" | grep -q '^Grüße mit Anhang|'; then ok "--copy into an IMAP folder (APPEND)"; else not_ok "--copy into an IMAP folder (APPEND)" "$(cat "$tmp/err")"; fi
"$TERN" -n -F "$tmp/rc" -f "$S/INBOX" --limit='~s "already seen"' --copy="$S/Made/ByTern" 2>"$tmp/err"
if list "$S/Made/ByTern" | grep -q '^already seen and flagged|.*!'; then ok "a missing folder is created, and the flags go with the message"; else not_ok "a missing folder is created, and the flags go with the message" "$(cat "$tmp/err")"; fi
mkdir -p "$tmp/local/cur" "$tmp/local/new" "$tmp/local/tmp"
printf 'From: me@example.org\nSubject: from a local folder\n\nbody\n' >"$tmp/local/cur/1.x:2,S"
"$TERN" -n -F "$tmp/rc" -f "$tmp/local" --limit='~A' --save="$S/INBOX" 2>"$tmp/err"
if list "$S/INBOX" | grep -q '^from a local folder|' && [ -z "$(ls "$tmp/local/cur")" ]; then ok "--save moves a local message to the server"; else not_ok "--save moves a local message to the server" "$(cat "$tmp/err") $(ls "$tmp/local/cur")"; fi
out=$("$TERN" -n -F "$tmp/rc" -e 'set imap_pass=wrong' -f "$S/INBOX" --list 2>&1)
rc=$?
if [ "$rc" != 0 ] && grep -qi 'tern: .*' <<<"$out"; then ok "a wrong password fails with a message (exit $rc)"; else not_ok "a wrong password fails with a message" "exit $rc: $out"; fi
out=$("$TERN" -n -F "$tmp/rc" -f "$S/NoSuchFolder" --list 2>&1)
rc=$?
if [ "$rc" != 0 ] && grep -q 'NoSuchFolder\|exist' <<<"$out"; then ok "a missing folder fails with the server's reason (exit $rc)"; else not_ok "a missing folder fails with the server's reason" "exit $rc: $out"; fi
out=$("$TERN" -n -F "$tmp/rc" -f "imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX" -e "set certificate_file=/dev/null" --list 2>&1)
if grep -qi 'certificate\|authority\|verif' <<<"$out"; then ok "an untrusted certificate stops the open with the reason"; else not_ok "an untrusted certificate stops the open with the reason" "$out"; fi
