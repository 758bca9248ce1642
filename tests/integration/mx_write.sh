#!/usr/bin/env bash
# mx_write.sh - headless --read, --delete, --copy=FOLDER and --save=FOLDER
# on the messages --limit selects, checked with an independent reader
# (mx_mail.py): what changes and what must not, flags and delivery times
# carried over, and the refusals (no --limit, a read-only folder, a bad
# pattern) that leave everything as it was.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

TERN=${TERN:-$top_builddir/tern}
MAIL="/usr/bin/python3 $top_srcdir/tests/integration/mx_mail.py"
tmp=$(tap_tmpdir)
SEL='@copperleaf\.test' # the messages (by Message-ID) --limit selects: 3 of the 12

/usr/bin/python3 "$top_srcdir/bench/genmail.py" --format maildir --count 12 --seed 21 "$tmp/orig" \
	>/dev/null 2>&1 || bail_out "genmail failed"
# Some variety in the flags: two new messages, one flagged, one replied.
(
	cd "$tmp/orig/cur" || exit 1
	set -- *
	mv "$1" "../new/${1%%:*}"
	mv "$2" "../new/${2%%:*}"
	mv "$3" "${3%%:*}:2,FS"
	mv "$4" "${4%%:*}:2,RS"
) || bail_out "cannot set up the flags"
$MAIL summary "$tmp/orig" | sort >"$tmp/orig.summary"
selected=$(grep -ic "$SEL" "$tmp/orig.summary")
[ "$selected" = 3 ] || bail_out "the pattern selects $selected messages, not 3"

fresh() { rm -rf "$tmp/md" "$tmp/dest" "$tmp/box" && cp -a "$tmp/orig" "$tmp/md"; }
run() {
	rc=0
	timeout 30 "$TERN" -n "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}
unchanged() { $MAIL summary "$tmp/md" | sort | cmp -s - "$tmp/orig.summary"; }

# Refusals: exit status, the message, and nothing changed.
refused() {
	local name=$1 want_rc=$2 want_msg=$3
	shift 3
	fresh
	run -f "$tmp/md" "$@"
	if [ "$rc" = "$want_rc" ] && grep -q -- "$want_msg" "$tmp/err" && unchanged && [ ! -e "$tmp/dest" ]; then
		ok "$name"
	else
		not_ok "$name" "exit $rc (want $want_rc)" "$(cat "$tmp/err")"
	fi
}
refused "--delete without --limit is refused" 2 "need --limit" --delete
refused "--save without --limit is refused" 2 "need --limit" --save="$tmp/dest"
refused "a bad --limit pattern is refused" 2 "limit" --limit='~(' --delete
refused "--save into the folder itself is refused" 2 "into itself" --limit='~A' --save="$tmp/md/"
refused "--read on a read-only folder is refused" 1 "read-only" -R --read
refused "--save from a read-only folder is refused before copying" 1 "read-only" -R --limit='~A' \
	--save="$tmp/dest"

# --read without --limit: every message seen, nothing else changed.
fresh
run -f "$tmp/md" --read
# (flags are letters in the order F R S T: S goes before a T)
want=$(awk '{ f = $2 == "-" ? "" : $2 } f !~ /S/ { if (!sub(/T$/, "ST", f)) f = f "S" } { print $1, f, $3 }' \
	"$tmp/orig.summary")
got=$($MAIL summary "$tmp/md" | sort)
if [ $rc = 0 ] && [ "$got" = "$want" ] && [ -z "$(ls -A "$tmp/md/new")" ]; then
	ok "--read marks every message seen and keeps its other flags"
else
	not_ok "--read marks every message seen and keeps its other flags" "exit $rc" "$(cat "$tmp/err")" \
		"$(diff <(echo "$want") <(echo "$got"))"
fi

# --delete with --limit: exactly the selected messages go.
fresh
run -f "$tmp/md" --limit="~i $SEL" --delete
got=$($MAIL summary "$tmp/md" | sort)
if [ $rc = 0 ] && [ "$got" = "$(grep -iv "$SEL" "$tmp/orig.summary")" ]; then
	ok "--delete removes the $selected selected messages and nothing else"
else
	not_ok "--delete removes the $selected selected messages and nothing else" "exit $rc" "$(cat "$tmp/err")"
fi

# --copy from a read-only folder: every message, flags and delivery times kept.
fresh
run -R -f "$tmp/md" --copy="$tmp/box"
got=$($MAIL summary "$tmp/box" | sort)
if [ $rc = 0 ] && unchanged && [ "$got" = "$(cat "$tmp/orig.summary")" ]; then
	ok "--copy to a new mbox copies every message with its flags, the source unchanged"
else
	not_ok "--copy to a new mbox copies every message with its flags, the source unchanged" "exit $rc" \
		"$(cat "$tmp/err")" "$(diff "$tmp/orig.summary" <(echo "$got") | head)"
fi
# The From_ lines carry the delivery times (the Maildir files' times), as genmail's own mbox does.
/usr/bin/python3 "$top_srcdir/bench/genmail.py" --format mbox --count 12 --seed 21 "$tmp/genbox" \
	>/dev/null 2>&1 || bail_out "genmail failed"
dates() { sed -n 's/^From [^ ]* //p' "$1" | sort; }
is "$(dates "$tmp/box")" "$(dates "$tmp/genbox")" "--copy keeps each message's delivery time in its From_ line"

# --save with --limit: the selected messages move, the others stay.
fresh
mkdir -p "$tmp/dest/cur" "$tmp/dest/new" "$tmp/dest/tmp"
run -f "$tmp/md" --limit="~i $SEL" --save="$tmp/dest"
moved=$($MAIL summary "$tmp/dest" | sort)
kept=$($MAIL summary "$tmp/md" | sort)
if [ $rc = 0 ] && [ "$moved" = "$(grep -i "$SEL" "$tmp/orig.summary")" ] &&
	[ "$kept" = "$(grep -iv "$SEL" "$tmp/orig.summary")" ]; then
	ok "--save moves the $selected selected messages, with their flags, and leaves the rest"
else
	not_ok "--save moves the $selected selected messages, with their flags, and leaves the rest" "exit $rc" \
		"$(cat "$tmp/err")" "moved:" "$moved" "kept:" "$kept"
fi

# A selection that matches nothing changes nothing and is no error.
fresh
run -f "$tmp/md" --limit='~i no-such-message-id' --save="$tmp/dest2"
if [ $rc = 0 ] && unchanged && [ ! -e "$tmp/dest2" ]; then
	ok "--save of an empty selection is a quiet no-op"
else
	not_ok "--save of an empty selection is a quiet no-op" "exit $rc" "$(cat "$tmp/err")"
fi

# Quiet on success, as mutt is.
is "$(cat "$tmp/out" "$tmp/err")" "" "a successful run prints nothing"

done_testing
