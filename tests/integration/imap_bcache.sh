#!/usr/bin/env bash
# imap_bcache.sh - $message_cachedir against the private dovecot: a message
# read once is read again from the cache with no FETCH on the wire (dovecot's
# rawlog of the session shows none), the files are 0600 in 0700 directories
# with the folder's name encoded ("Lists/dev" is one directory), a truncated
# file is fetched again and repaired, $message_cache_clean removes the file
# of a message another client expunged, and a folder recreated with a new
# UIDVALIDITY never serves the old files.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"

plan 22
TERN=${TERN:-$top_builddir/tern}
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
tmp=$(tap_tmpdir)
mc=$tmp/mc
raw=$TESTENV_DIR/log/rawlog
# no COMPRESS: the rawlog must show the commands in clear
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\nset message_cachedir="%s"\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" "$mc" >"$tmp/rc"
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
# show FOLDER N [tern options...]: the message as the pager shows it; the
# session's client lines go to $tmp/sent (the rawlog is emptied first).
show() {
	local f=$1 n=$2
	shift 2
	rm -f "$raw"/*
	"$TERN" -n -F "$tmp/rc" "$@" -f "$S/$f" --show="$n" 2>"$tmp/err"
	grep -E 'runtime error|Sanitizer' "$tmp/err" >>"$tmp/sanitizer"
	# dovecot writes the rawlog as its session ends, maybe after tern exits
	for _ in $(seq 1 200); do
		grep -qs LOGOUT "$raw"/*.in && break
		sleep 0.05
	done
	cat "$raw"/*.in >"$tmp/sent" 2>/dev/null
}
fetched() { grep -qi 'BODY.PEEK\[\]' "$tmp/sent"; }
# imap CMDS...: python statements on m, an imaplib connection logged in.
imap() {
	/usr/bin/python3 - "$TESTENV_CA" "$TESTENV_IMAPS_PORT" "$TESTENV_USER1" "$TESTENV_PASS1" "$@" <<'PY'
import imaplib, ssl, sys
ca, port, user, pw = sys.argv[1:5]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ssl.create_default_context(cafile=ca))
m.login(user, pw)
for stmt in sys.argv[5:]:
    exec(stmt)
m.logout()
PY
}
# append FIRST LAST: messages "cached N" with bodies "body of N" into Cache.
append() {
	imap "for i in range($1, $2 + 1): m.append('Cache', None, None, ('From: a@example.org\\r\\nSubject: cached %d\\r\\nMessage-ID: <%d@t>\\r\\n\\r\\nbody of %d\\r\\n' % (i, i, i)).encode())"
}

first=$(show INBOX 1)
if [ -n "$first" ] && fetched; then ok "a first read fetches the message"; else not_ok "a first read fetches the message" "$(cat "$tmp/err")"; fi
files=$(find "$mc" -type f)
dir=$mc/$TESTENV_USER1@$TESTENV_HOST:$TESTENV_IMAPS_PORT/INBOX
if [ "$(wc -l <<<"$files")" = 1 ] && [[ "$files" == "$dir/"*-1 ]]; then ok "and stores it as <account>/INBOX/<uidvalidity>-<uid>"; else not_ok "and stores it as <account>/INBOX/<uidvalidity>-<uid>" "$files"; fi
is "$(stat -c %a "$files") $(stat -c %a "$dir") $(stat -c %a "$(dirname "$dir")") $(stat -c %a "$mc")" "600 700 700 700" "the file is 0600, the directories 0700"
second=$(show INBOX 1)
if [ "$second" = "$first" ] && grep -qi 'SELECT' "$tmp/sent" && ! fetched; then ok "a second read is served from the cache: no FETCH on the wire"; else not_ok "a second read is served from the cache: no FETCH on the wire" "$(grep -i fetch "$tmp/sent" | head -3) $(cat "$tmp/err")"; fi
size=$(stat -c %s "$files")
truncate -s $((size / 2)) "$files"
third=$(show INBOX 1)
if [ "$third" = "$first" ] && fetched; then ok "a truncated file is not served: the message is fetched again"; else not_ok "a truncated file is not served: the message is fetched again" "$(diff <(echo "$first") <(echo "$third") | head -5)"; fi
is "$(stat -c %s "$files")" "$size" "and the file is whole again"
show INBOX 1 >/dev/null
if ! fetched; then ok "and serves the next read"; else not_ok "and serves the next read"; fi
# Without $message_cachedir nothing is read or written.
rm -rf "$mc"
show INBOX 2 -e 'set message_cachedir=' >/dev/null
if fetched && [ ! -e "$mc" ]; then ok "\$message_cachedir unset: no cache"; else not_ok "\$message_cachedir unset: no cache" "$(find "$mc" 2>&1 | head -3)"; fi
# A folder with a "/" in its name is one directory.
show Lists/dev 1 >/dev/null
if [ -n "$(find "$mc" -path "*/Lists%2Fdev/*-1" -type f)" ] && [ ! -e "$mc/$TESTENV_USER1@$TESTENV_HOST:$TESTENV_IMAPS_PORT/Lists" ]; then
	ok "Lists/dev is cached in the one directory Lists%2Fdev"
else
	not_ok "Lists/dev is cached in the one directory Lists%2Fdev" "$(find "$mc")"
fi
# $message_cache_clean: a message another client expunged loses its file.
imap 'm.create("Cache")' >/dev/null
append 1 4 >/dev/null
cdir=$mc/$TESTENV_USER1@$TESTENV_HOST:$TESTENV_IMAPS_PORT/Cache
show Cache 1 >/dev/null
show Cache 2 >/dev/null
imap 'm.select("Cache")' 'm.store("1", "+FLAGS", "(\\Deleted)")' 'm.expunge()' >/dev/null
show Cache 2 >/dev/null # UID 3 now
left=$(ls "$cdir" | sed 's/.*-//' | sort -n | tr '\n' ' ')
is "$left" "1 2 3 " "without \$message_cache_clean an expunged message's file stays"
fourth=$(show Cache 3 -e 'set message_cache_clean=yes')
left=$(ls "$cdir" | sed 's/.*-//' | sort -n | tr '\n' ' ')
is "$left" "2 3 4 " "\$message_cache_clean removes the expunged message's file (UID 1), keeps the others"
if grep -q 'body of 4' <<<"$fourth"; then ok "the read that cleaned shows its message"; else not_ok "the read that cleaned shows its message" "$fourth $(cat "$tmp/err")"; fi
# A new UIDVALIDITY: the folder recreated, the same UIDs are new messages.
old=$(ls "$cdir")
imap 'm.delete("Cache")' 'm.create("Cache")' >/dev/null
append 5 7 >/dev/null
out=$(show Cache 1 -e 'set message_cache_clean=yes')
if grep -q 'body of 5' <<<"$out" && fetched; then ok "after a UIDVALIDITY change the old files are not served"; else not_ok "after a UIDVALIDITY change the old files are not served" "$out"; fi
gone=0
for f in $old; do [ -e "$cdir/$f" ] || gone=$((gone + 1)); done
is "$gone $(ls "$cdir" | wc -l)" "$(wc -w <<<"$old") 1" "and \$message_cache_clean removes them"
# Nothing left behind: no temporary files.
is "$(find "$mc" -name '.tern-tmp-*' | wc -l)" 0 "no temporary file is left"
# The display read of a large message (tests/tools/imap_bcache: the
# interface has no entry point to it yet): the text part and the
# attachment's MIME headers only.
TOOL=${TOOL:-$top_builddir/tests/tools/imap_bcache}
imap 'm.create("Large")' "import base64, os; m.append('Large', None, None, ('From: a@example.org\\r\\nSubject: large\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/mixed; boundary=\"b1\"\\r\\n\\r\\n--b1\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello display\\r\\n--b1\\r\\nContent-Type: image/png\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n' + base64.encodebytes(os.urandom(600000)).decode().replace('\\n', '\\r\\n') + '--b1--\\r\\n').encode())" >/dev/null
display() {
	rm -f "$raw"/*
	"$TOOL" "$S/$1" -e "source $tmp/rc" "${@:2}" 2>>"$tmp/sanitizer"
	for _ in $(seq 1 200); do
		grep -qs LOGOUT "$raw"/*.in && break
		sleep 0.05
	done
	cat "$raw"/*.in >"$tmp/sent" 2>/dev/null
}
rm -rf "$mc"
out=$(display Large 1)
if grep -q 'hello display' <<<"$out" && grep -q '^X-Tern-Omitted: [0-9]' <<<"$out" && [ ${#out} -lt 10000 ]; then
	ok "a large message read for display brings the text and marks the image omitted"
else
	not_ok "a large message read for display brings the text and marks the image omitted" "${#out} $(head -c 600 <<<"$out")"
fi
if grep -qi 'BODYSTRUCTURE' "$tmp/sent" && ! fetched; then ok "with BODYSTRUCTURE and sections, never BODY.PEEK[]"; else not_ok "with BODYSTRUCTURE and sections, never BODY.PEEK[]" "$(grep -i fetch "$tmp/sent")"; fi
if [ -z "$(find "$mc" -type f 2>/dev/null)" ]; then ok "a partial message is not cached"; else not_ok "a partial message is not cached" "$(find "$mc" -type f)"; fi
out=$(display Large --whole 1)
if [ ${#out} -gt 600000 ] && fetched; then ok "the whole read still brings all of it"; else not_ok "the whole read still brings all of it" "${#out}"; fi
out=$(display Large 1)
if [ ${#out} -gt 600000 ] && ! grep -qi 'BODYSTRUCTURE' "$tmp/sent" && ! fetched; then ok "once cached whole, the display read is served from the cache"; else not_ok "once cached whole, the display read is served from the cache" "${#out} $(grep -i fetch "$tmp/sent")"; fi
out=$(display INBOX 1 -e 'set message_cachedir=')
if [ -n "$out" ] && fetched && ! grep -qi 'BODYSTRUCTURE' "$tmp/sent"; then ok "a small message is read whole for display"; else not_ok "a small message is read whole for display" "$(grep -i fetch "$tmp/sent") $(head -5 <<<"$out")"; fi
is "$(cat "$tmp/sanitizer" 2>/dev/null)" "" "no sanitizer report"
