#!/usr/bin/env bash
# imap_search.sh - ~b ~B ~h and =b =B =h on an imap:// folder are matched by
# dovecot (UID SEARCH) and give the same messages as the same limit on a
# local Maildir copy of the folder; dovecot's rawlog proves what went over
# the wire: a SEARCH and no body for the terms the server answers, bodies of
# the server's candidates only for those it narrows, every body for a regex
# it cannot help with. A 3,000-message folder shows the time saved.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

TERN=${TERN:-$top_builddir/tern}
servers_start TESTENV_SMTP=none TESTENV_PROXY=0 TESTENV_RAWLOG=1
tmp=$(tap_tmpdir)
box="$TESTENV_MAILDIR1/.Search"

# The folder: bodies in every transfer encoding, a word in headers only, in
# several cases, in UTF-8; fillers without it.
/usr/bin/python3 - "$box" <<'PY' || bail_out "could not write the test folder"
import base64, os, sys
box = sys.argv[1]
for d in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(box, d), exist_ok=True)
def msg(subject, body, headers="", ctype="text/plain; charset=us-ascii", cte="7bit"):
    return (f"From: Sender <sender@example.test>\nTo: alice@example.test\n"
            f"Subject: {subject}\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
            f"Message-ID: <{abs(hash(subject))}@example.test>\n{headers}"
            f"MIME-Version: 1.0\nContent-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n{body}")
msgs = [
    msg("plain", "We found quartz in the cave.\n"),
    msg("upper", "QUARTZ EVERYWHERE\n"),
    msg("capital", "Quartz is a mineral.\n"),
    msg("qp", "a soft line break in qu=\nartz must not hide it\n", cte="quoted-printable"),
    msg("base64", base64.encodebytes(b"encoded quartz inside\n").decode(), cte="base64"),
    msg("alternative", "--b1\nContent-Type: text/plain\n\nplain quartz part\n--b1\n"
        "Content-Type: text/html\n\n<p>html part</p>\n--b1--\n",
        ctype='multipart/alternative; boundary="b1"'),
    msg("header only", "nothing in the body\n", headers="X-Project: quartz\n"),
    msg("quartz in the subject", "nothing here either\n"),
    msg("utf8", "Gr=C3=BC=C3=9Fe aus K=C3=B6ln\n", ctype="text/plain; charset=utf-8",
        cte="quoted-printable"),
    msg("spam", "buy now\n", headers="X-Spam-Flag: YES\n"),
    msg("invoice", "invoice 4711 paid in full\n"),
    msg("invoice2", "invoice pending, not paid\n"),
]
msgs += [msg(f"filler {i}", f"just words number {i}\n") for i in range(20)]
for i, m in enumerate(msgs):
    with open(os.path.join(box, "cur", f"{1700000000 + i}.M{i}P1.test:2,S"), "w") as f:
        f.write(m)
PY
chown -R --reference="$TESTENV_MAILDIR1" "$box"
grep -qx Search "$TESTENV_MAILDIR1/subscriptions" 2>/dev/null || echo Search >>"$TESTENV_MAILDIR1/subscriptions"
cp -r "$box" "$tmp/local" # before dovecot adds its index files
rm -f "$tmp"/local/dovecot*

printf 'set certificate_file="%s"\nset imap_user=%s\nset imap_pass=%s\nset header_cache=/dev/null\nset imap_deflate=no\n' \
	"$TESTENV_CA" "$TESTENV_USER1" "$TESTENV_PASS1" >"$tmp/rc"
S="imaps://$TESTENV_HOST:$TESTENV_IMAPS_PORT"
raw="$TESTENV_DIR/log/rawlog"
limit() { # FOLDER PATTERN: the subjects, sorted
	"$TERN" -n -R -F "$tmp/rc" -f "$1" --limit="$2" --list --format='%s' 2>>"$tmp/err" | sort
}
# What tern sent in the sessions since the last call (rawlog: one .in file per session).
sent() { cat "$raw"/*.in 2>/dev/null | tail -n +"$((seen + 1))"; }
mark() { seen=$(cat "$raw"/*.in 2>/dev/null | wc -l); }
# Bodies or parts fetched (not the header fields of the load).
fetches() { grep -E 'BODY(\.PEEK)?\[[^H]|BODY(\.PEEK)?\[\]|BINARY' <<<"$1" | grep -vc 'HEADER.FIELDS'; }

# PATTERN;how many messages it matches;the bodies the IMAP run may fetch:
# "0" (the server answers), "N" exactly N (its candidates), or "all".
cases=(
	'~b quartz;6;0'
	'=b quartz;6;0'
	'~B quartz;8;0'
	'=B quartz;8;0'
	'~h quartz;2;8'
	'~h "x-project: quartz";1;0'
	'=h X-Spam-Flag:;1;0'
	'=b köln;1;0'
	'~b Quartz;1;6'
	"~b 'invoice [0-9]+ paid';1;2"
	'!~b quartz ~s filler;20;0'
	"~b 'quartz|mineral';6;all"
)
total=$(ls "$tmp/local/cur" | wc -l)
plan $((${#cases[@]} * 2 + 6))
for c in "${cases[@]}"; do
	IFS=';' read -r pat count want <<<"$c"
	want=${want/all/$total}
	local_out=$(limit "$tmp/local" "$pat")
	mark
	imap_out=$(limit "$S/Search" "$pat")
	wire=$(sent)
	n=$(grep -c . <<<"$imap_out")
	if [ "$imap_out" = "$local_out" ] && [ "$n" = "$count" ]; then
		ok "$pat: the IMAP folder gives the $count messages the Maildir copy gives"
	else
		not_ok "$pat: the IMAP folder gives the $count messages the Maildir copy gives" \
			"IMAP ($n): $imap_out" "Maildir: $local_out" "$(tail -3 "$tmp/err")"
	fi
	searched=$(grep -c 'UID SEARCH' <<<"$wire")
	got=$(fetches "$wire")
	if [ "$got" = "$want" ] && { [ "$want" = "$total" ] || [ "$searched" -ge 1 ]; }; then
		ok "$pat: $searched SEARCH, $got bodies fetched (want $want)"
	else
		not_ok "$pat: $searched SEARCH, $got bodies fetched (want $want)" "$(grep -v LOGIN <<<"$wire" | cut -c1-200 | tail -8)"
	fi
done

# The command itself: the string as a literal when it must be, CHARSET only for 8-bit text.
mark
limit "$S/Search" '=b "two\"quotes"' >/dev/null
wire=$(sent)
if grep -q 'UID SEARCH RETURN (ALL) BODY "two\\"quotes"' <<<"$wire"; then ok "a quote goes escaped in a quoted string"; else not_ok "a quote goes escaped in a quoted string" "$(grep SEARCH <<<"$wire")"; fi
mark
limit "$S/Search" '=b köln' >/dev/null
wire=$(sent)
if grep -q 'UID SEARCH RETURN (ALL) CHARSET UTF-8 BODY ' <<<"$wire" || grep -q 'UID SEARCH RETURN (ALL) BODY "köln"' <<<"$wire"; then
	ok "8-bit text goes with CHARSET UTF-8 (or as UTF-8 after UTF8=ACCEPT)"
else
	not_ok "8-bit text goes with CHARSET UTF-8 (or as UTF-8 after UTF8=ACCEPT)" "$(grep SEARCH <<<"$wire")"
fi

# A big folder: the server's answer against reading every message.
/usr/bin/python3 "$SERVERS_HOME/make-maildir.py" "$TESTENV_MAILDIR1" --folder Big --count 3000 >/dev/null ||
	bail_out "make-maildir.py failed"
"$TERN" -n -R -F "$tmp/rc" -f "$S/Big" --list --format=%s >/dev/null 2>&1 # dovecot indexes it
t0=$(date +%s%N)
fast=$(limit "$S/Big" '~b xyzzy | ~s "load message 17 "' | wc -l)
t1=$(date +%s%N)
slow=$(limit "$S/Big" "~b 'xyzzy|xyzzy' | ~s \"load message 17 \"" | wc -l)
t2=$(date +%s%N)
ms_fast=$(((t1 - t0) / 1000000)) ms_slow=$(((t2 - t1) / 1000000))
diag "3,000 messages: ~b by the server ${ms_fast} ms, by reading every body ${ms_slow} ms"
if [ "$fast" = 1 ] && [ "$slow" = 1 ]; then ok "the big folder: both find the one message"; else not_ok "the big folder: both find the one message" "server $fast, reading $slow"; fi
if [ "$ms_fast" -lt "$ms_slow" ]; then ok "the server's search is faster than reading every body"; else not_ok "the server's search is faster than reading every body" "$ms_fast ms against $ms_slow ms"; fi

# A server without ESEARCH and LITERAL+ (the scripted server): the 8-bit
# text goes as a synchronizing literal after the "+", the answer is a plain
# SEARCH (in any order), and no body is fetched.
inc=$(cd "$top_srcdir" && pwd)/tests/data/imapscript
sed "s|@INC@|$inc|" >"$tmp/plain.script" <<'EOF'
tls
send * OK [CAPABILITY IMAP4rev1] imapscript ready
on off
on ^(\S+) (?i:NOOP)$ => $tag OK NOOP completed\r\n
on ^(\S+) (?i:LOGOUT)$ => * BYE logging out\r\n$tag OK LOGOUT completed\r\n => close
expect-re ^(\S+) (?i:LOGIN)\s
send $tag OK [CAPABILITY IMAP4rev1] LOGIN completed
expect-re ^(\S+) (?i:SELECT|EXAMINE)\s
send * 3 EXISTS
send * OK [UIDVALIDITY 1700000000] UIDs valid
send * OK [UIDNEXT 4] predicted next UID
send $tag OK [READ-WRITE] SELECT completed
include @INC@/fetch-headers.inc
expect-re ^(?P<stag>\S+) UID SEARCH CHARSET UTF-8 BODY \{7\}$
send + go ahead
expect-literal 7 gr\xc3\xbc\xc3\x9fe
expect-re ^$
send * SEARCH 3 1
send ${stag} OK SEARCH completed
expect-tag LOGOUT
send * BYE logging out
send $tag OK LOGOUT completed
close
EOF
imapscript_start "$tmp/plain.script"
printf 'set certificate_file="%s"\nset imap_user=u\nset imap_pass=p\nset header_cache=/dev/null\n' "$IMAPSCRIPT_CA" >"$tmp/rc2"
out=$(timeout 30 "$TERN" -n -R -F "$tmp/rc2" -f "imaps://localhost:$IMAPSCRIPT_PORT/INBOX" --limit='=b grüße' --list --format=%s 2>"$tmp/err")
if imapscript_wait 10; then
	ok "without ESEARCH and LITERAL+: UID SEARCH CHARSET UTF-8 BODY {7}, the literal after the +"
else
	not_ok "without ESEARCH and LITERAL+: UID SEARCH CHARSET UTF-8 BODY {7}, the literal after the +" "$(cat "$tmp/err")" "$(tail -4 "$IMAPSCRIPT_TRANSCRIPT")"
fi
is "$(echo $out)" "first Re: second" "the plain SEARCH answer (3 1) selects messages 1 and 3"
