#!/usr/bin/env bash
# imap_hostile.sh - tern against a hostile or broken IMAP server: the
# scripted server (tests/servers/imapscript.py) answers tern's FETCH with
# absurd and negative literal sizes, a literal that never ends, unbalanced
# parentheses, a 10 MB line, a BODYSTRUCTURE nested 10,000 deep, wrong
# types, sequence numbers out of range, a shrinking EXISTS, untagged data at
# any time, a connection closed mid-response. Each open ends in bounded time
# with status 0 or 1 and, when it fails, a message: never a crash, a hang or
# a memory blow-up. The STARTTLS cases: responses injected before the
# handshake are dropped, a server without STARTTLS and a cleartext PREAUTH
# are refused, and no password ever goes out before TLS.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

hostile="literal-absurd literal-negative literal-stall paren-unbalanced line-10mb bodystructure-deep
wrong-types seq-out-of-range exists-shrink untagged-anytime close-mid"
plan $((2 * $(wc -w <<<"$hostile") + 13))
TERN=${TERN:-$top_builddir/tern}
tmp=$(tap_tmpdir)
imapscript_certs
printf 'set certificate_file="%s"\nset imap_user=alice\nset imap_pass=secret\nset header_cache=/dev/null\nset socket_timeout=3\n' \
	"$IMAPSCRIPT_CA" >"$tmp/rc"

# Open the script's folder headless; sets rc, out, ms.
open_box() { # URL
	local t0=$(date +%s%N)
	rc=0
	out=$(timeout 30 "$TERN" -n -F "$tmp/rc" -f "$1" --list 2>&1) || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
}

for s in $hostile; do
	imapscript_start "$s"
	open_box "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
	if [ "$rc" = 0 ] || { [ "$rc" = 1 ] && grep -q '^tern: ' <<<"$out"; }; then
		ok "$s: tern ends cleanly (status $rc, ${ms} ms)"
	else
		not_ok "$s: tern ends cleanly" "status $rc after ${ms} ms: $(head -c 600 <<<"$out")"
	fi
	if [ "$ms" -lt 20000 ]; then ok "$s: in bounded time"; else not_ok "$s: in bounded time" "${ms} ms"; fi
	imapscript_stop
done

imapscript_start happy
open_box "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
is "$rc/$(wc -l <<<"$out")" "0/3" "the well-behaved script: 3 messages listed"
imapscript_wait 10
is "$?" 0 "and the server saw every step it expected (login, select, fetch, logout)"

imapscript_start newest-first
open_box "imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
is "$rc/$(grep -o 'oldest\|middle\|newest[a-z ]*\|never asked for' <<<"$out" | tr '\n' ,)" "0/oldest,middle,newest," \
	"1,200 messages fetched newest first are listed in mailbox order; a repeated and an unasked FETCH add nothing"
imapscript_wait 10
is "$?" 0 "the FETCH commands went out newest batch first, all three pipelined before any answer"

# CONDSTORE without QRESYNC: a warm open asks only what changed since (CHANGEDSINCE).
imapscript_start condstore
mkdir -p "$tmp/hc"
cs=(-e "set header_cache=$tmp/hc/" -e 'set sort=mailbox-order')
u="imaps://localhost:$IMAPSCRIPT_PORT/INBOX"
one=$(timeout 30 "$TERN" -n -F "$tmp/rc" "${cs[@]}" -f "$u" --list --format='%s|%Z' 2>&1 | tr -s ' ' | tr '\n' ,)
two=$(timeout 30 "$TERN" -n -F "$tmp/rc" "${cs[@]}" -f "$u" --list --format='%s|%Z' 2>&1 | tr -s ' ' | tr '\n' ,)
three=$(timeout 30 "$TERN" -n -F "$tmp/rc" "${cs[@]}" -f "$u" --list --format='%s|%Z' 2>&1 | tr -s ' ' | tr '\n' ,)
is "$two" "first| ,second| ,Re: second|O !,fourth|O F," \
	"CONDSTORE warm open: the flag change and the new message CHANGEDSINCE reported (cold: $one)"
is "$three" "second| ,Re: second|O !,fourth|O F," "an expunge CHANGEDSINCE cannot report: the full UID/flags pass finds it"
imapscript_wait 10
rc=$?
if [ "$rc" = 0 ]; then ok "the commands were SELECT (CONDSTORE), UID FETCH (CHANGEDSINCE), headers of the new message only"; else not_ok "the CONDSTORE commands" "status $rc: $(tail -2 "$IMAPSCRIPT_LOG")"; fi

imapscript_start starttls-inject
open_box "imap://127.0.0.1:$IMAPSCRIPT_PORT/INBOX"
is "$rc" 0 "STARTTLS with responses injected before the handshake: tern logs in over TLS"
if ! grep -qi 'INJECTED' "$IMAPSCRIPT_RAW"; then ok "the injected AUTH=INJECTED was never used"; else not_ok "the injected AUTH=INJECTED was never used" "$(imapscript_client)"; fi

imapscript_start no-starttls
open_box "imap://127.0.0.1:$IMAPSCRIPT_PORT/INBOX"
if [ "$rc" = 1 ] && grep -q 'STARTTLS' <<<"$out"; then ok "a server without STARTTLS is refused: $out"; else not_ok "a server without STARTTLS is refused" "status $rc: $out"; fi
if ! imapscript_client_before_tls | grep -qiE 'LOGIN|AUTHENTICATE'; then ok "no password went out in the clear"; else not_ok "no password went out in the clear" "$(imapscript_client_before_tls)"; fi

imapscript_start preauth-plain
open_box "imap://127.0.0.1:$IMAPSCRIPT_PORT/INBOX"
if [ "$rc" = 1 ] && grep -q 'PREAUTH' <<<"$out"; then ok "a cleartext PREAUTH is refused: $out"; else not_ok "a cleartext PREAUTH is refused" "status $rc: $out"; fi
if ! imapscript_client_before_tls | grep -qiE 'SELECT|EXAMINE'; then ok "and no folder is opened over it"; else not_ok "and no folder is opened over it" "$(imapscript_client_before_tls)"; fi
