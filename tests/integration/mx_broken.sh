#!/usr/bin/env bash
# mx_broken.sh - folders full of broken mail (no header/body separator,
# binary junk, NUL bytes, a 5 MB header line, 100,000 header lines, broken
# MIME, empty files), a 0-byte mbox, an mbox with garbage before its first
# From_ line, and Maildir and MH folders with stray files (dot files,
# directories, FIFOs, names of no known form): tern lists each folder with
# the right count and shows every message, or refuses with a clear error,
# without crashing or hanging.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

TERN=${TERN:-$top_builddir/tern}
tmp=$(tap_tmpdir)
/usr/bin/python3 "$top_srcdir/tests/integration/mx_broken.py" "$tmp" >"$tmp/counts" ||
	bail_out "mx_broken.py failed"
mapfile -t names <"$tmp/names"
# Every regular file of the folders (not the FIFOs: reading one would block).
fingerprint() { find "$tmp" -type f ! -name out ! -name err ! -name before ! -name after -print0 |
	sort -z | xargs -0 cksum; }
fingerprint >"$tmp/before"

# Run tern with a time limit: $rc, and its output in $tmp/out and $tmp/err.
run() {
	rc=0
	timeout 20 "$TERN" -n "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# Why a run went wrong (a hang, a crash, a sanitizer report), or nothing.
trouble() {
	if [ "$rc" = 124 ]; then
		echo "hung (killed after 20 s)"
	elif [ "$rc" -ge 128 ]; then
		echo "died of signal $((rc - 128))"
	elif grep -Eq 'Sanitizer|runtime error:' "$tmp/err"; then
		echo "a sanitizer report"
	fi
}

while read -r folder want; do
	path=$tmp/$folder
	run -f "$path" --list
	lines=$(grep -c '' "$tmp/out" || true)
	why=$(trouble)
	if [ -z "$why" ] && [ "$rc" = 0 ] && [ "$lines" = "$want" ]; then
		ok "$folder: --list shows the $want messages"
	elif [ "$folder" = garbage.mbox ] && [ "$rc" = 1 ] && grep -q 'not a mailbox' "$tmp/err"; then
		# Refusing is right too: a rewrite could not keep what precedes the first From_.
		ok "$folder: --list refuses it as not a mailbox"
	else
		not_ok "$folder: --list shows the $want messages" "exit $rc ${why:+($why)}, $lines lines" \
			"$(tail -n 5 "$tmp/err")"
	fi
done <"$tmp/counts"

# Every message shown: its text, or a clear error; never a crash or a hang.
show_all() {
	local folder=$1 count=$2 i label why
	for ((i = 1; i <= count; i++)); do
		label="$folder: --show=$i"
		# MH and mbox keep the order the messages were written in.
		[ "$folder" = maildir ] || label="$label (${names[i - 1]})"
		run -f "$tmp/$folder" --show=$i
		why=$(trouble)
		if [ -z "$why" ] && { [ "$rc" = 0 ] || { [ "$rc" = 1 ] && grep -q '^tern: ' "$tmp/err"; }; }; then
			ok "$label shows the message or explains why not"
		else
			not_ok "$label shows the message or explains why not" "exit $rc ${why:+($why)}" \
				"$(tail -n 5 "$tmp/err")"
		fi
	done
}
while read -r folder want; do
	show_all "$folder" "$want"
done <"$tmp/counts"

fingerprint >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	ok "listing and showing changed nothing on disk"
else
	not_ok "listing and showing changed nothing on disk" "$(diff "$tmp/before" "$tmp/after" | head)"
fi

run -f "$tmp/mh" --show=${#names[@]}
if [ "$rc" = 0 ] && grep -q '^A normal body\.$' "$tmp/out"; then
	ok "the good message among them shows its body"
else
	not_ok "the good message among them shows its body" "exit $rc" "$(head -n 20 "$tmp/out" "$tmp/err")"
fi

done_testing
