#!/usr/bin/env bash
# headless.sh - tern without a terminal: --list with --sort, --format and
# --limit; --show=N as mutt's pager shows a message (plain, alternative,
# ISO-8859-7, ISO-2022-JP, attachments, an embedded message, weeding and
# hdr_order); --structure=N; and the errors (bad numbers, sort methods and
# patterns, missing folders), each with a clear message and its exit status.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

plan 46

tmp=$(tap_tmpdir)
home=$tmp/home
mkdir -p "$home"
tern() {
	env -i PATH="$PATH" HOME="$home" LANG=C.UTF-8 TZ=UTC "$top_builddir/tern" -n -F /dev/null "$@"
}

# ---- the folders: the demo mailbox, the MIME samples, and a small one with known values
cp -r "$top_srcdir/contrib/demo" "$tmp/demo"
chmod -R u+w "$tmp/demo"
mkdir -p "$tmp/mime/cur" "$tmp/mime/new" "$tmp/mime/tmp" "$tmp/box/cur" "$tmp/box/new" "$tmp/box/tmp" \
	"$tmp/empty/cur" "$tmp/empty/new" "$tmp/empty/tmp"
i=0
for f in "$top_srcdir"/tests/data/mime/*.eml; do
	i=$((i + 1))
	cp "$f" "$tmp/mime/cur/170000000$i.M1P1.test:2,S"
done
nsamples=$i

# box: four messages whose sort keys disagree, in mailbox order 1..4
msg() { # name flags from subject date body-size
	local body
	body=$(printf '%*s' "$6" '' | tr ' ' x)
	printf 'From: %s\nTo: Bob <bob@example.org>\nSubject: %s\nDate: %s\nMessage-ID: <%s@example.org>\n\n%s\n' \
		"$3" "$4" "$5" "$1" "$body" >"$tmp/box/cur/$1:2,$2"
}
msg 1700000001.A.test S 'Carol <carol@example.org>' 'banana' 'Tue, 3 Mar 2026 10:00:00 +0000' 10
msg 1700000002.B.test RS 'alice@example.org' 'Re: apple' 'Thu, 5 Mar 2026 10:00:00 +0100' 3000
msg 1700000003.C.test '' 'Dave <dave@example.org>' 'cherry' 'Mon, 2 Mar 2026 09:00:00 -0500' 500
msg 1700000004.D.test FS 'Bea <bea@example.org>' 'Apricot' 'Wed, 4 Mar 2026 10:00:00 +0000' 60

# The number (mailbox order) of the message with this Message-ID in folder $1.
num_of() {
	tern -f "$1" --list --sort=mailbox-order --format='%C %i' | awk -v id="<$2>" '$2 == id { print $1 }'
}

# ---- --list
is "$(tern -f "$tmp/demo" --list | wc -l)" 51 "--list prints a line for each of the demo's 51 messages"
is "$(tern -f "$tmp/mime" --list | wc -l)" "$nsamples" "--list prints a line for each MIME sample"
is "$(tern -f "$tmp/demo" --list --format='%C' | tr '\n' ' ')" "$(seq 1 51 | tr '\n' ' ')" \
	"--format=%C numbers the rows 1 to 51"
# The rows of box sorted by $1, laid out by $2, joined by '|'.
order() {
	tern -f "$tmp/box" --list --sort="$1" --format="$2" | tr '\n' '|'
}
is "$(order subject %s)" "Re: apple|Apricot|banana|cherry|" "--sort=subject orders by subject without Re:, ignoring case"
is "$(order from %n)" "alice@example.org|Bea|Carol|Dave|" "--sort=from orders by author"
is "$(order size %s)" "banana|Apricot|cherry|Re: apple|" "--sort=size orders by size"
is "$(order date %s)" "cherry|banana|Apricot|Re: apple|" "--sort=date orders by the Date: time"
is "$(order reverse-date %s)" "Re: apple|Apricot|banana|cherry|" "--sort=reverse-date is the other way"
is "$(order mailbox-order %s)" "banana|Re: apple|cherry|Apricot|" "--sort=mailbox-order keeps the folder's order"
tern -f "$tmp/box" --list --sort=sideways >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q -- "--sort=sideways" "$tmp/err"; then
	ok "an unknown --sort method exits 2 and names it"
else
	not_ok "an unknown --sort method exits 2 and names it" "status $st" "$(cat "$tmp/err")"
fi
is "$(tern -f "$tmp/box" --list --sort=mailbox-order --format='%C|%n|%f|%s|%{%Y-%m-%d %H:%M %z}|%Z|%S|%i' | sed -n 2p)" \
	"2|alice@example.org|alice@example.org|Re: apple|2026-03-05 10:00 +0100|r  |r|<1700000002.B.test@example.org>" \
	"--format: %C %n %f %s %{} %Z %S %i"
is "$(tern -f "$tmp/box" --list --sort=mailbox-order --format='%D|%[%H:%M]|%t|%F|%L|%l' -e 'set date_format="%d.%m.%y %H:%M"' | sed -n 3p)" \
	"02.03.26 14:00|14:00|To Bob|Dave|Dave|0" \
	"--format: %D and %[] in local time (UTC here), %t %F %L %l"
is "$(tern -f "$tmp/box" --list --sort=mailbox-order --format='[%Z] %c %-6.6s|' | tr '\n' '/')" \
	"[   ] 0.2K banana|/[r  ] 3.1K Re: ap|/[O  ] 0.6K cherry|/[  !] 0.2K Aprico|/" \
	"--format: %Z flags (cur/ without S is old), %c sizes and a cut width"
is "$(tern -f "$tmp/box" --list --sort=threads --format='%s' -e 'set index_format="%C %s"' | head -1)" "cherry" \
	"--format replaces \$index_format"
is "$(tern -f "$tmp/box" --list --sort=date -e 'set index_format="<%C %s>"' | head -1)" "<1 cherry>" \
	"without --format, \$index_format lays out the lines"
# --limit: mutt's patterns (date order: cherry 2 Mar, banana 3, Apricot 4, Re: apple 5)
limited() {
	tern -f "$tmp/box" --list --sort="$1" --format='%C %s' --limit="$2" | tr '\n' '|'
}
is "$(limited date '~s apple')" "1 Re: apple|" "--limit='~s apple' keeps the matching subject; %C counts the shown rows"
is "$(limited date '~F | ~O')" "1 cherry|2 Apricot|" "--limit with flags (~F flagged, ~O old) and |"
is "$(limited date '~d 04/03/2026-')" "1 Apricot|2 Re: apple|" "--limit with a date range"
is "$(limited reverse-size '!~F ~f example.org ~z <2K')" "1 cherry|2 banana|" \
	"--limit with !, an address and a size range, after --sort=reverse-size"
is "$(limited date '~s nothing-here')" "" "--limit that matches nothing prints nothing"
is "$(tern -f "$tmp/demo" --list --sort=date --format='%s' --limit='~N ~f Odile')" "Q2 capacity review - actions" \
	"--limit on the demo: new mail from Odile"
is "$(tern -f "$tmp/demo" --list --sort=date --format='%s' --limit='~b rackworth' | wc -l)" 2 \
	"--limit='~b ...' searches message bodies"
tern -f "$tmp/box" --list --limit='~Q(' >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q -- "--limit=~Q(" "$tmp/err"; then
	ok "a --limit pattern that does not compile exits 2 and says why"
else
	not_ok "a --limit pattern that does not compile exits 2 and says why" "status $st" "$(cat "$tmp/err")"
fi

# ---- --show
n=$(num_of "$tmp/box" 1700000003.C.test@example.org)
is "$(tern -f "$tmp/box" --show="$n")" "$(printf 'From: Dave <dave@example.org>\nTo: Bob <bob@example.org>\nSubject: cherry\nDate: Mon, 2 Mar 2026 09:00:00 -0500\nMessage-ID: <1700000003.C.test@example.org>\n\n%s' \
	"$(printf '%500s' '' | tr ' ' x)")" "--show of a plain message: every header (no ignore list), a blank line, the body"
is "$(tern -f "$tmp/box" --show="$n" -e 'ignore *' -e 'unignore from: subject date' -e 'hdr_order subject date' | sed -n 1,4p)" \
	"$(printf 'Subject: cherry\nDate: Mon, 2 Mar 2026 09:00:00 -0500\nFrom: Dave <dave@example.org>\n')" \
	"--show weeds by ignore/unignore and puts hdr_order first"
n=$(num_of "$tmp/demo" lanternfish/lanternfish/issues/812@tracker.lanternfish.example)
tern -f "$tmp/demo" --show="$n" -e 'ignore *' -e 'unignore subject' >"$tmp/out"
if grep -q '^Hélène Marchand opened an issue: #812$' "$tmp/out" && ! grep -q '<html\|<p>' "$tmp/out" &&
	[ "$(sed -n 1,2p "$tmp/out")" = "$(printf 'Subject: [lanternfish/lanternfish] Crash when config file starts with a UTF-8 BOM (#812)\n')" ]; then
	ok "--show of multipart/alternative shows the text/plain part only"
else
	fail_with_log "--show of multipart/alternative shows the text/plain part only" "$tmp/out"
fi
n=$(num_of "$tmp/demo" 5e1a7c3b-2f9d-4c8e-a0b6-9d3f1e7c5a2b@papadaki.example)
tern -f "$tmp/demo" --show="$n" >"$tmp/out"
if grep -qx 'Subject: Φωτογραφίες από τη Θεσσαλονίκη' "$tmp/out" && grep -qx 'Γεια σου Tamsin!' "$tmp/out" &&
	grep -qx 'ήλιος, και η μαμά μου με ταΐζει σαν να μην έχω φάει ποτέ στη ζωή μου.' "$tmp/out"; then
	ok "--show of an ISO-8859-7 message (format=flowed) converts header and body to UTF-8"
else
	fail_with_log "--show of an ISO-8859-7 message converts header and body to UTF-8" "$tmp/out"
fi
is "$(tern -f "$tmp/demo" --show="$n" -e 'set charset=iso-8859-7' -e 'ignore *' -e 'unignore subject' | sed -n 3p | iconv -f iso-8859-7 -t utf-8)" \
	"Γεια σου Tamsin!" "--show writes in \$charset (the locale's) when it is not UTF-8"
is "$(tern -f "$tmp/demo" --show="$n" -e 'set charset=iso-8859-1' -e 'ignore *' -e 'unignore subject' | sed -n 1p)" \
	"Subject: ??????????? ??? ?? ???????????" "characters \$charset lacks are written as '?', as mutt does"
n=$(tern -f "$tmp/demo" --list --sort=mailbox-order --format='%C %s' | awk '/ご予約確認/ { print $1 }')
tern -f "$tmp/demo" --show="$n" >"$tmp/out"
if grep -q '^Subject: 【ご予約確認】２０２６年５月７日〜９日 ご宿泊のお知らせ$' "$tmp/out" && grep -q '川端旅館' "$tmp/out" &&
	! grep -q $'\e\\$B' "$tmp/out"; then
	ok "--show of an ISO-2022-JP message converts it to UTF-8"
else
	fail_with_log "--show of an ISO-2022-JP message converts it to UTF-8" "$tmp/out"
fi
n=$(num_of "$tmp/demo" FAX.20260318144127.0302@gw.quillon.example)
is "$(tern -f "$tmp/demo" --show="$n" | sed -n '/^\[-- Attachment #2/,$p')" \
	"$(printf "[-- Attachment #2: fax_20260318_144127.pdf --]\n[-- Type: application/pdf, Encoding: base64, Size: 2.3K --]\n\n[-- application/pdf is unsupported (use 'v' to view this part) --]")" \
	"--show of a message with a PDF: mutt's attachment lines"
is "$(tern -f "$tmp/demo" --show="$n" | sed -n '/^\[-- Attachment #1/,/^$/p')" \
	"$(printf '[-- Attachment #1 --]\n[-- Type: text/plain, Encoding: 7bit, Size: 0.2K --]\n')" \
	"--show heads the text part of a multipart/mixed as mutt does"
n=$(tern -f "$tmp/mime" --list --sort=mailbox-order --format='%C %s' | awk '/Fwd: lunch/ { print $1 }')
tern -f "$tmp/mime" --show="$n" >"$tmp/out"
if grep -qx '\[-- Type: message/rfc822, Encoding: 7bit, Size: 0.3K --\]' "$tmp/out" &&
	grep -qx 'From: carol@example.com' "$tmp/out" && grep -qx 'Café at noon?' "$tmp/out" && ! grep -q '<p>' "$tmp/out"; then
	ok "--show of a forwarded message shows it inline with its headers"
else
	fail_with_log "--show of a forwarded message shows it inline with its headers" "$tmp/out"
fi
n=$(num_of "$tmp/demo" PA4P190MB1187D0C1B2A3948576E5F4D3C2B1A@PA4P190MB1187.quillon.example)
tern -f "$tmp/demo" --show="$n" >"$tmp/out"
if grep -qx '\[-- Attachment #2: Offre révisée - rayonnage Lyon-Corbas.eml --\]' "$tmp/out" &&
	grep -qx 'Suite à notre visite du 26 février, veuillez trouver ci-dessous notre' "$tmp/out"; then
	ok "--show decodes an embedded ISO-8859-1 quoted-printable message"
else
	fail_with_log "--show decodes an embedded ISO-8859-1 quoted-printable message" "$tmp/out"
fi

# a message that tries to drive the terminal: harmless on a terminal, untouched into a pipe
mkdir -p "$tmp/esc/cur" "$tmp/esc/new" "$tmp/esc/tmp"
printf 'From: x@example.org\nSubject: evil \033]0;pwned\007 title\n\nbody \033[2J clear\n' >"$tmp/esc/cur/1.x:2,S"
script -qec "env -i PATH='$PATH' HOME='$home' LANG=C.UTF-8 '$top_builddir/tern' -n -F /dev/null -f '$tmp/esc' --show=1" \
	/dev/null </dev/null >"$tmp/out" 2>&1
if grep -qF 'Subject: evil ^[]0;pwned^G title' "$tmp/out" && grep -qF 'body ^[[2J clear' "$tmp/out" &&
	! grep -q $'\e' "$tmp/out" && [ "$(tern -f "$tmp/esc" --show=1 | grep -c $'\e')" = 2 ]; then
	ok "--show on a terminal makes control characters visible (^[), into a pipe it keeps them"
else
	fail_with_log "--show on a terminal makes control characters visible" "$tmp/out"
fi

# ---- --structure
n=$(tern -f "$tmp/mime" --list --sort=mailbox-order --format='%C %s' | awk '/Quarterly report/ { print $1 }')
is "$(tern -f "$tmp/mime" --structure="$n" | sed 's/; size=[0-9]*$//')" \
	"$(printf '%s\n' '1  multipart/mixed; encoding=7bit' \
		'1.1    multipart/related; encoding=7bit' \
		'1.1.1      multipart/alternative; encoding=7bit' \
		'1.1.1.1        text/plain; charset=iso-8859-1; encoding=quoted-printable' \
		'1.1.1.2        text/html; charset=iso-8859-1; encoding=quoted-printable' \
		'1.1.2      image/png; encoding=base64; name=image001.png' \
		'1.2    application/pdf; encoding=base64; disposition=attachment; name="Rapport trimestriel.pdf"')" \
	"--structure of a nested multipart: ids, indentation, type, charset, encoding, disposition, name"
n=$(num_of "$tmp/box" 1700000003.C.test@example.org)
is "$(tern -f "$tmp/box" --structure="$n")" "1  text/plain; charset=us-ascii; encoding=7bit; size=501" \
	"--structure of a single-part message is one line"
n=$(num_of "$tmp/demo" FAX.20260318144127.0302@gw.quillon.example)
sizes=$(tern -f "$tmp/demo" --structure="$n" | sed -n 3p)
case $sizes in
*"application/pdf; encoding=base64; disposition=attachment; name=fax_20260318_144127.pdf; size="*)
	pdf_size=${sizes##*size=}
	if [ "$pdf_size" -gt 1500 ] && [ "$pdf_size" -lt 2000 ]; then
		ok "--structure gives the decoded size of a base64 part ($pdf_size bytes)"
	else
		not_ok "--structure gives the decoded size of a base64 part" "$sizes"
	fi
	;;
*) not_ok "--structure gives the decoded size of a base64 part" "$sizes" ;;
esac

# ---- errors: a clear message and exit 2 for a bad N, non-zero for a bad folder
bad_n() { # option value pattern-in-message name
	tern -f "$tmp/demo" "$1=$2" >"$tmp/out" 2>"$tmp/err"
	local st=$?
	if [ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q -- "$3" "$tmp/err"; then
		ok "$4"
	else
		not_ok "$4" "status $st" "$(cat "$tmp/err")"
	fi
}
bad_n --show 0 "no such message (the folder has 1 to 51)" "--show=0 exits 2: numbers start at 1"
bad_n --show 52 "no such message (the folder has 1 to 51)" "--show=52 of 51 messages exits 2"
bad_n --show abc "not a message number" "--show=abc exits 2: not a number"
bad_n --structure -3 "not a message number" "--structure=-3 exits 2"
bad_n --structure 99999999999999999999999 "not a message number" "--structure with a huge number exits 2"
tern -f "$tmp/empty" --show=1 >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" = 2 ] && grep -q "the folder is empty" "$tmp/err"; then
	ok "--show=1 of an empty folder says it is empty"
else
	not_ok "--show=1 of an empty folder says it is empty" "status $st" "$(cat "$tmp/err")"
fi
tern -f "$tmp/nonexistent" --list >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" != 0 ] && [ ! -s "$tmp/out" ] && grep -q "$tmp/nonexistent" "$tmp/err"; then
	ok "a missing folder: non-zero exit and a message naming it"
else
	not_ok "a missing folder: non-zero exit and a message naming it" "status $st" "$(cat "$tmp/err")"
fi
printf 'not a mailbox\x00\x01\n' >"$tmp/junk"
tern -f "$tmp/junk" --show=1 >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" != 0 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
	ok "a file that is no mailbox: non-zero exit and a message ($(head -1 "$tmp/err"))"
else
	not_ok "a file that is no mailbox: non-zero exit and a message" "status $st" "$(cat "$tmp/err")"
fi
