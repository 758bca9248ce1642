#!/usr/bin/env bash
# slowread.sh - a message that is slow to read (a stalled server, a slow
# disk: here an LD_PRELOAD shim that makes opening its file take seconds)
# never freezes the interface: "Reading message..." shows, Ctrl-C gives up
# at once and the index works on, a second try shows the message, and
# quitting while a read still runs ends cleanly.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 5

SHIM=$top_builddir/tests/tools/slowopen.so
[ -r "$SHIM" ] || bail_out "$SHIM is missing (make check builds it)"
tmp=$(tap_tmpdir)
mkdir -p "$tmp/mail/cur" "$tmp/mail/new" "$tmp/mail/tmp"
msg() { # FILE SUBJECT BODY
	printf 'From: a@example.org\nSubject: %s\nDate: Mon, 2 Mar 2026 10:00:0%s +0000\n\n%s\n' \
		"$2" "${#1}" "$3" >"$tmp/mail/cur/$1:2,S"
}
msg 1.fast "fast one" "fast body line"
msg 22.slowmsg "slow one" "slow body line"
printf 'set sort=mailbox-order\nset header_cache=/dev/null\n' >"$tmp/rc"
start() {
	ui_start -e LD_PRELOAD="$SHIM" -e TERN_SLOW_MATCH=slowmsg -e TERN_SLOW_MS=2500 \
		-e ASAN_OPTIONS=verify_asan_link_order=0 -x 80 -y 12 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
	ui_wait 'Msgs:2[^0-9]' 15 || bail_out "tern did not load the folder"
}

start
ui_keys End Enter
if ui_wait 'Reading message\.\.\. \(Ctrl-C stops\)' 2; then ok "a slow read says so"; else not_ok "a slow read says so"; fi
t0=$(date +%s%N)
ui_keys C-c
if ui_wait 'Reading stopped\.' 2; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -lt 1500 ]; then ok "Ctrl-C gives up at once (${ms} ms, the read had 2.5 s left)"; else not_ok "Ctrl-C gives up at once" "${ms} ms"; fi
else
	not_ok "Ctrl-C gives up at once" "$(ui_screen)"
fi
ui_keys Home Enter
if ui_wait '^fast body line' 3; then ok "the index works on: another message opens"; else not_ok "the index works on: another message opens"; fi
ui_keys q End Enter
if ui_wait '^slow body line' 8; then ok "waiting for the slow read shows the message"; else not_ok "waiting for the slow read shows the message"; fi
ui_keys q
ui_wait 'Msgs:2[^0-9]' 5 >/dev/null

# Quit while a read still runs: tern waits for the read's thread before it
# frees the folder, and leaves with status 0 (under ASan too).
ui_keys Enter
ui_wait 'Reading message' 2 >/dev/null
ui_keys C-c
ui_wait 'Reading stopped' 2 >/dev/null
ui_keys q
status=$(ui_wait_exit 10)
is "$status" 0 "quitting while a read runs ends cleanly"
