#!/usr/bin/env bash
# mx_diskfull.sh - the disk fills up while tern saves messages or rewrites an
# mbox (tests/tools/enospc.so makes writes fail with ENOSPC after a byte
# budget): tern fails with a clear error, the source folder is unchanged,
# the destination holds only complete messages (an mbox is cut back, no
# file is left in a Maildir's tmp/), and a failed mbox rewrite leaves the
# original byte for byte, with no temporary file beside it.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

TERN=${TERN:-$top_builddir/tern}
SHIM=$top_builddir/tests/tools/enospc.so
MAIL="/usr/bin/python3 $top_srcdir/tests/integration/mx_mail.py"
GEN="/usr/bin/python3 $top_srcdir/bench/genmail.py"
[ -r "$SHIM" ] || bail_out "$SHIM is missing (make check builds it)"
# An ASan build wants its runtime first in the library list; the shim goes before it.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

tmp=$(tap_tmpdir)
N=24
DEL='@example\.net' # the messages (by Message-ID) --delete removes from src.mbox
$GEN --format maildir --count $N --seed 5 "$tmp/src.maildir" >/dev/null 2>&1 || bail_out "genmail failed"
$GEN --format mbox --count $N --seed 5 "$tmp/src.mbox" >/dev/null 2>&1 || bail_out "genmail failed"
# Destinations hold two messages of their own before each save.
$GEN --format maildir --count 2 --seed 9 "$tmp/dest.maildir" >/dev/null 2>&1 || bail_out "genmail failed"
$GEN --format mbox --count 2 --seed 9 "$tmp/dest.mbox" >/dev/null 2>&1 || bail_out "genmail failed"
mkdir "$tmp/dest.mh"
n=0
for f in "$tmp"/dest.maildir/cur/* "$tmp"/dest.maildir/new/*; do
	[ -f "$f" ] && n=$((n + 1)) && cp "$f" "$tmp/dest.mh/$n"
done
: >"$tmp/dest.mh/.mh_sequences"

# Every file of a folder with its size and checksum: a Maildir's names carry its flags.
fingerprint() {
	(cd "$(dirname "$1")" && find "$(basename "$1")" -print0 | sort -z | xargs -0 stat -c '%n %F %s' &&
		find "$(basename "$1")" -type f -print0 | sort -z | xargs -0 cksum)
}

# Budgets that run out in the first message, half way, and one that ends
# right after the fifth message's bytes (only an fsync can fail there).
budgets() {
	$MAIL sizes "$1" | awk '{ s += $1 } NR == 5 { f = s } END { print 100, int(s / 2), "fsync:" f }'
}

# save SRCKIND DESTKIND BUDGET: one --save that runs out of space, checked.
save_case() {
	local sk=$1 dk=$2 budget=${3#fsync:} fsync=0 name rc k
	[ "$budget" = "$3" ] || fsync=1
	name="--save $sk -> $dk, disk full after $budget bytes"
	[ $fsync = 0 ] || name="$name (fsync fails too)"
	rm -rf "$tmp/case" && mkdir "$tmp/case"
	cp -a "$tmp/src.$sk" "$tmp/case/src.$sk"
	cp -a "$tmp/dest.$dk" "$tmp/case/dest.$dk"
	fingerprint "$tmp/case/src.$sk" >"$tmp/case/src.before"
	rc=0
	env LD_PRELOAD="$SHIM" TERN_ENOSPC_AFTER="$budget" TERN_ENOSPC_FSYNC=$fsync \
		timeout 30 "$TERN" -n -f "$tmp/case/src.$sk" --limit='~A' --save="$tmp/case/dest.$dk" \
		>"$tmp/case/out" 2>"$tmp/case/err" || rc=$?
	k=$(sed -n 's/.*(\([0-9][0-9]*\) of '"$N"' messages saved).*/\1/p' "$tmp/case/err")
	if [ "$rc" = 1 ] && grep -q 'No space left' "$tmp/case/err" && [ -n "$k" ]; then
		ok "$name: fails with a clear error ($k of $N saved)"
	else
		not_ok "$name: fails with a clear error" "exit $rc" "$(cat "$tmp/case/err")"
		k=0
	fi
	fingerprint "$tmp/case/src.$sk" >"$tmp/case/src.after"
	if cmp -s "$tmp/case/src.before" "$tmp/case/src.after"; then
		ok "$name: the source is unchanged"
	else
		not_ok "$name: the source is unchanged" "$(diff "$tmp/case/src.before" "$tmp/case/src.after" | head)"
	fi
	if out=$($MAIL appended "$tmp/dest.$dk" "$tmp/src.$sk" "$tmp/case/dest.$dk" "$k" 2>&1); then
		ok "$name: the destination holds its own and $k complete messages"
	else
		not_ok "$name: the destination holds its own and $k complete messages" "$out"
	fi
	leftovers "$dk" "$name"
}

# Files a save must not leave behind: anything in tmp/, stray files in an
# MH folder, temporary or lock files beside an mbox.
leftovers() {
	local dk=$1 name=$2 stray
	case $dk in
	maildir) stray=$(ls -A "$tmp/case/dest.maildir/tmp") ;;
	mh) stray=$(ls -A "$tmp/case/dest.mh" | grep -Ev '^([1-9][0-9]*|\.mh_sequences)$') ;;
	mbox) stray=$(ls -A "$tmp/case" | grep -Ev '^(src\.(maildir|mbox)|dest\.mbox|out|err|src\.(before|after))$') ;;
	esac
	if [ -z "$stray" ]; then
		ok "$name: no file is left behind"
	else
		not_ok "$name: no file is left behind" "$stray"
	fi
}

# The same save with room to spare: everything moves (so the cases above could fail).
save_ok() {
	local sk=$1 dk=$2 name="--save $sk -> $dk with room to spare" rc=0 out
	rm -rf "$tmp/case" && mkdir "$tmp/case"
	cp -a "$tmp/src.$sk" "$tmp/case/src.$sk"
	cp -a "$tmp/dest.$dk" "$tmp/case/dest.$dk"
	env LD_PRELOAD="$SHIM" timeout 30 "$TERN" -n -f "$tmp/case/src.$sk" --limit='~A' \
		--save="$tmp/case/dest.$dk" >"$tmp/case/out" 2>"$tmp/case/err" || rc=$?
	if [ $rc = 0 ] && [ "$($MAIL count "$tmp/case/src.$sk")" = 0 ] &&
		out=$($MAIL appended "$tmp/dest.$dk" "$tmp/src.$sk" "$tmp/case/dest.$dk" $N 2>&1); then
		ok "$name: all $N messages move"
	else
		not_ok "$name: all $N messages move" "exit $rc" "$(cat "$tmp/case/err")" "$out"
	fi
}

# rewrite_case BUDGET: an mbox rewrite (--delete) that runs out of space.
rewrite_case() {
	local budget=${1#fsync:} fsync=0 name rc=0
	[ "$budget" = "$1" ] || fsync=1
	name="--delete in an mbox, disk full after $budget bytes"
	[ $fsync = 0 ] || name="$name (fsync fails too)"
	rm -rf "$tmp/case" && mkdir "$tmp/case"
	cp "$tmp/src.mbox" "$tmp/case/box"
	env LD_PRELOAD="$SHIM" TERN_ENOSPC_AFTER="$budget" TERN_ENOSPC_FSYNC=$fsync \
		timeout 30 "$TERN" -n -f "$tmp/case/box" --limit="~i $DEL" --delete \
		>"$tmp/case/out" 2>"$tmp/case/err" || rc=$?
	if [ "$rc" != 0 ] && [ "$rc" -lt 124 ] && grep -q 'No space left' "$tmp/case/err"; then
		ok "$name: fails with a clear error"
	else
		not_ok "$name: fails with a clear error" "exit $rc" "$(cat "$tmp/case/err")"
	fi
	if cmp -s "$tmp/src.mbox" "$tmp/case/box"; then
		ok "$name: the mbox is unchanged, byte for byte"
	else
		not_ok "$name: the mbox is unchanged, byte for byte" "$(cmp "$tmp/src.mbox" "$tmp/case/box" 2>&1)"
	fi
	is "$(ls -A "$tmp/case" | grep -Ev '^(box|out|err)$')" "" "$name: no file is left beside it"
}

for pair in maildir:mbox mbox:maildir maildir:mh mbox:mh; do
	sk=${pair%:*} dk=${pair#*:}
	for b in $(budgets "$tmp/src.$sk"); do
		save_case "$sk" "$dk" "$b"
	done
	save_ok "$sk" "$dk"
done

# An mbox rewrite (--delete) with room to spare removes the messages; its
# size, the bytes the rewrite writes, gives the budgets of the cases after.
rc=0
cp "$tmp/src.mbox" "$tmp/box"
env LD_PRELOAD="$SHIM" "$TERN" -n -f "$tmp/box" --limit="~i $DEL" --delete 2>"$tmp/err" || rc=$?
$MAIL summary "$tmp/src.mbox" >"$tmp/src.summary"
if [ $rc = 0 ] && out=$($MAIL new-state "$tmp/src.summary" "$tmp/box" "delete:$DEL"); then
	ok "--delete in an mbox with room to spare removes the messages"
else
	not_ok "--delete in an mbox with room to spare removes the messages" "exit $rc" "$(cat "$tmp/err")" "$out"
fi
size=$(stat -c %s "$tmp/box")
for b in 100 $((size / 2)) "fsync:$size"; do
	rewrite_case "$b"
done

done_testing
