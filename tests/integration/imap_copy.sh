#!/usr/bin/env bash
# imap_copy.sh - copying and moving many messages at once (headless --copy
# and --save), against the private dovecot with its rawlog on, so that the
# commands tern sent are evidence: within one account UID COPY and UID MOVE
# on the server (no APPEND, one session), 1 and 500 messages, the
# destination's content as another client lists it, the source keeping
# copied messages and losing moved ones; [TRYCREATE] creates the folder;
# a copy the server refuses (carol's quota) leaves the source as it was;
# and across backends (IMAP to a local Maildir, local to IMAP) every
# message is read and appended with the destination opened once.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

plan 21
TERN=${TERN:-$top_builddir/tern}
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
mk() { /usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$@" >/dev/null || bail_out "make-maildir.py failed"; }
mk "$TESTENV_MAILDIR1" --folder Src --count 500 --seen-ratio 0.5
tmp=$(tap_tmpdir)
printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
RAW=$TESTENV_LOGDIR/rawlog # (readable: $imap_deflate off, no COMPRESS)
tern() { "$TERN" -n -F "$tmp/rc" "$@"; }
# Subjects and flags, sorted; unread is unread (N or O: \\Recent is per session).
list() { tern -f "$1" --list --format='%s|%Z' 2>"$tmp/err" | sed 's/|O/|N/' | sort; }
# What the client sent in the sessions that started after the mark.
mark() { touch "$tmp/mark"; sleep 0.01; }
# snap, at once after the command (a later list is a session too): what it sent.
snap() {
	find "$RAW" -name '*.in' -newer "$tmp/mark" -exec cat {} + 2>/dev/null | tr -d '\r' >"$tmp/sent"
	find "$RAW" -name '*.in' -newer "$tmp/mark" | wc -l >"$tmp/nsess"
}
sent() { cat "$tmp/sent"; }
sessions() { cat "$tmp/nsess"; }
# timed LABEL ARGS...: tern ARGS between mark and snap, its time in a diagnostic.
timed() {
	local label=$1 t0
	shift
	mark
	t0=$(date +%s%N)
	tern "$@" 2>"$tmp/err"
	diag "$label in $((($(date +%s%N) - t0) / 1000000)) ms"
	snap
}
appends() { grep -cE '^[0-9.]+ [^ ]+ APPEND ' "$tmp/sent"; } # rawlog lines: time tag command

src=$(list "$S/Src")
is "$(wc -l <<<"$src")" 500 "the source folder has 500 messages"

# One message copied: on the server (UID COPY), the source keeps it.
mark
tern -f "$S/Src" --limit='~s "^load message 7 "' --copy="$S/One" 2>"$tmp/err"
snap
if [ "$(list "$S/One" | cut -d'|' -f1)" = "$(grep '^load message 7 ' <<<"$src" | cut -d'|' -f1)" ]; then
	ok "one message copied to another folder of the account"
else
	not_ok "one message copied to another folder of the account" "$(list "$S/One") $(cat "$tmp/err")"
fi
if sent | grep -q 'UID COPY [0-9]* One' && [ "$(appends)" = 0 ]; then ok "by UID COPY, without downloading it (no APPEND)"; else not_ok "by UID COPY, without downloading it (no APPEND)" "$(sent | grep -v FETCH | head)"; fi

# 500 copied: the destination holds the same messages with the same flags.
timed "500 messages copied within the server" -f "$S/Src" --limit='~A' --copy="$S/Copied"
copied=$(list "$S/Copied")
if [ "$copied" = "$src" ]; then ok "500 messages copied: subjects and flags as in the source"; else not_ok "500 messages copied: subjects and flags as in the source" "$(diff <(echo "$src") <(echo "$copied") | head -5) $(cat "$tmp/err")"; fi
is "$(list "$S/Src")" "$src" "the source keeps every copied message"
if [ "$(sessions)" = 1 ] && [ "$(sent | grep -c 'UID COPY')" -ge 1 ] && [ "$(appends)" = 0 ]; then ok "one session, UID COPY, no APPEND"; else not_ok "one session, UID COPY, no APPEND" "$(sessions) sessions; $(appends) APPENDs"; fi
# The copy is the server's own: dovecot hard-links the Maildir file.
f=$(find "$TESTENV_MAILDIR1/.Copied/cur" "$TESTENV_MAILDIR1/.Copied/new" -type f | head -1)
if [ -n "$f" ] && [ "$(stat -c %h "$f")" -ge 2 ]; then ok "the server's copy shares the file with the original (hard link)"; else not_ok "the server's copy shares the file with the original (hard link)" "$f"; fi

# 500 moved (--save): UID MOVE, the source is empty, the destination has them all.
mark
tern -f "$S/Copied" --limit='~A' --save="$S/Moved" 2>"$tmp/err"
snap
moved=$(list "$S/Moved")
if [ "$moved" = "$src" ]; then ok "500 messages moved: all in the destination, flags kept"; else not_ok "500 messages moved: all in the destination, flags kept" "$(diff <(echo "$src") <(echo "$moved") | head -5) $(cat "$tmp/err")"; fi
is "$(tern -f "$S/Copied" --list 2>/dev/null | wc -l)" 0 "the moved messages left the source"
if sent | grep -q 'UID MOVE [0-9:,]* Moved' && ! sent | grep -q 'UID COPY'; then ok "the server offers MOVE: UID MOVE was sent, not COPY"; else not_ok "the server offers MOVE: UID MOVE was sent, not COPY" "$(sent | grep -v FETCH | head)"; fi

# One message moved.
mark
tern -f "$S/Moved" --limit='~s "^load message 9 "' --save="$S/MovedOne" 2>"$tmp/err"
snap
if [ "$(list "$S/MovedOne" | wc -l)" = 1 ] && [ "$(list "$S/Moved" | wc -l)" = 499 ]; then ok "one message moved"; else not_ok "one message moved" "$(cat "$tmp/err")"; fi

# 1,000 scattered messages (every other UID): the UID set is cut so that no
# command line is huge (at most 4,000 bytes of set: two commands here, the
# first sent twice: the folder is new, [TRYCREATE]).
mk "$TESTENV_MAILDIR1" --folder Wide --count 2000
timed "1,000 scattered messages copied" -f "$S/Wide" --limit='~s "^load message [0-9]*[02468] "' --copy="$S/Half"
longest=$(grep -E 'UID COPY' "$tmp/sent" | awk '{ print length($0) }' | sort -n | tail -1)
if [ "$(list "$S/Half" | wc -l)" = 1000 ] && [ "$(grep -c 'UID COPY [0-9,]* Half$' "$tmp/sent")" = 3 ] && [ "$(grep -c ' CREATE Half$' "$tmp/sent")" = 1 ] && [ "${longest:-0}" -lt 4100 ]; then
	ok "1,000 scattered messages: two UID COPY commands (one resent after CREATE), the longest line $longest bytes"
else
	not_ok "1,000 scattered messages: two UID COPY commands" "$(list "$S/Half" | wc -l) copied; $(grep -c 'UID COPY' "$tmp/sent") commands, longest $longest"
fi

# A folder the server does not have: [TRYCREATE], CREATE, and the copy again.
mark
tern -f "$S/Src" --limit='~s "^load message 3 "' --copy="$S/Made/Here" 2>"$tmp/err"
snap
if [ "$(list "$S/Made/Here" | wc -l)" = 1 ] && sent | grep -q 'CREATE'; then ok "[TRYCREATE]: the folder is created and the message copied"; else not_ok "[TRYCREATE]: the folder is created and the message copied" "$(cat "$tmp/err") $(sent | grep -v FETCH | head)"; fi

# Refused by the server (carol's 100 KiB quota): the source stays as it was.
mk "$TESTENV_MAILDIR3" --folder Src --count 4 --body-bytes 20000
C="imaps://$TESTENV_USER3@$TESTENV_HOST:$TESTENV_IMAPS_PORT"
crc=(-e "set imap_user=$TESTENV_USER3" -e "set imap_pass=$TESTENV_PASS3")
cbefore=$(tern "${crc[@]}" -f "$C/Src" --list --format='%s|%Z' 2>/dev/null | sed 's/|O/|N/' | sort)
tern "${crc[@]}" -f "$C/Src" --limit='~A' --copy="$C/Full" 2>"$tmp/err"
rc=$?
cafter=$(tern "${crc[@]}" -f "$C/Src" --list --format='%s|%Z' 2>/dev/null | sed 's/|O/|N/' | sort)
if [ "$rc" != 0 ] && grep -qi 'quota' "$tmp/err"; then ok "a copy over quota fails with the server's reason (exit $rc)"; else not_ok "a copy over quota fails with the server's reason" "exit $rc: $(cat "$tmp/err")"; fi
if [ "$cafter" = "$cbefore" ] && [ "$(wc -l <<<"$cbefore")" = 4 ]; then ok "and the source is untouched"; else not_ok "and the source is untouched" "$cafter"; fi

# Across backends: IMAP to a local Maildir (read and append, one session).
mark
tern -f "$S/Src" --limit='~A' --copy="$tmp/md" 2>"$tmp/err"
snap
is "$(tern -f "$tmp/md" --list --format='%s|%Z' 2>/dev/null | sed 's/|O/|N/' | sort)" "$src" "IMAP to a local Maildir: 500 messages with their flags"
is "$(sessions)" 1 "one IMAP session for the whole copy"

# Local to IMAP: one APPEND each, all in one session (the destination opened once).
timed "500 local messages appended to the server" -f "$tmp/md" --limit='~A' --copy="$S/FromLocal"
is "$(list "$S/FromLocal")" "$src" "a local Maildir to IMAP: 500 messages with their flags"
# (the first APPEND meets [TRYCREATE]: CREATE, and that one again)
if [ "$(sessions)" = 1 ] && [ "$(appends)" = 501 ] && grep -q ' CREATE FromLocal' "$tmp/sent"; then
	ok "500 APPENDs in one session"
else
	not_ok "500 APPENDs in one session" "$(sessions) sessions, $(appends) APPENDs"
fi
# A move to a local folder marks the originals deleted only after the copy: all arrive.
tern -f "$S/MovedOne" --limit='~A' --save="$tmp/mbox" 2>"$tmp/err"
snap
if [ "$(tern -f "$tmp/mbox" --list 2>/dev/null | wc -l)" = 1 ] && [ "$(tern -f "$S/MovedOne" --list 2>/dev/null | wc -l)" = 0 ]; then ok "--save from IMAP to a local mbox moves the message"; else not_ok "--save from IMAP to a local mbox moves the message" "$(cat "$tmp/err")"; fi

# A server without MOVE (the scripted server): --save is UID COPY, then
# \Deleted stored on the original, then the expunge of the save's sync.
inc=$(cd "$top_srcdir" && pwd)/tests/data/imapscript
sed "s|@INC@|$inc|" >"$tmp/nomove.script" <<'EOF'
tls
send * OK [CAPABILITY IMAP4rev1 LITERAL+] imapscript ready
include @INC@/login-select.inc
include @INC@/fetch-headers.inc
on ^(\S+) (?i:UID STORE) [0-9]+ [-+]FLAGS\.SILENT \(\\\w+\)$ => $tag OK STORE completed\r\n
expect-re ^(\S+) UID COPY 1 Archive$
send $tag OK [COPYUID 1700000001 1 1] COPY completed
expect-re ^(\S+) UID STORE 1 \+FLAGS\.SILENT \(\\Deleted\)$
send $tag OK STORE completed
expect-re ^(\S+) EXPUNGE$
send * 1 EXPUNGE
send $tag OK EXPUNGE completed
expect-tag LOGOUT
send * BYE logging out
send $tag OK LOGOUT completed
close
EOF
imapscript_start "$tmp/nomove.script"
printf 'set certificate_file="%s"\nset imap_user=u\nset imap_pass=p\nset header_cache=/dev/null\n' "$IMAPSCRIPT_CA" >"$tmp/rc2"
L="imaps://localhost:$IMAPSCRIPT_PORT"
timeout 30 "$TERN" -n -F "$tmp/rc2" -f "$L/INBOX" --limit='~s ^first$' --save="$L/Archive" >"$tmp/out" 2>&1
rc=$?
if imapscript_wait 10 && [ "$rc" = 0 ]; then
	ok "without MOVE: UID COPY, then STORE +FLAGS.SILENT (\\Deleted), then EXPUNGE"
else
	not_ok "without MOVE: UID COPY, then STORE +FLAGS.SILENT (\\Deleted), then EXPUNGE" "exit $rc $(cat "$tmp/out"); $(tail -3 "$IMAPSCRIPT_TRANSCRIPT")"
fi
