#!/usr/bin/env bash
# load.sh - a big folder opened in the interface, driven as a person would
# in tmux, once as a Maildir and once as an mbox, with no header cache:
# while it loads the status line shows progress that grows, the first rows
# are drawn at once, j moves the cursor and the screen keeps refreshing;
# the load then reaches every message. In a second run Ctrl-C stops the
# load: the status says so, fewer messages stay and no more come (not even
# when the periodic check runs and new mail arrives), and tern stays usable.
# Last, an mbox that another program cuts short is read again, and Ctrl-C
# stops that load too.
#
# The folders are bench/genmail.py's mail (1,000 messages) copied until a
# headless open takes about LOAD_MS on this machine as it is now (busy or
# not), so that a person has time to look and press keys during the load
# on a fast machine, and the script stays short on a loaded one. Copies of
# a Maildir are hard links under new names; of an mbox, the file again.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 26

BASE=1000
LOAD_MS=${LOAD_MS:-4000}
MIN_COPIES=16
MAX_COPIES=150 # 150,000 messages; an mbox stops at 160 (about 1 GB: parsed on two cores, it is fast)
MAX_MBOX_COPIES=160
ROWS=30
STATUS_ROW=$((ROWS - 1))
tmp=$(tap_tmpdir)

gen() {
	/usr/bin/python3 "$top_srcdir/bench/genmail.py" --count "$BASE" --seed 1 "$@" >/dev/null
}
gen --format maildir "$tmp/base" 2>"$tmp/gen-maildir.err" &
maildir_gen=$!
gen --format mbox --attach-ratio 0 "$tmp/base.mbox" 2>"$tmp/gen-mbox.err" &
wait $maildir_gen || bail_out "genmail (maildir) failed: $(cat "$tmp/gen-maildir.err")"
wait $! || bail_out "genmail (mbox) failed: $(cat "$tmp/gen-mbox.err")"

now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# Copies FROM..TO-1 of the base Maildir into FOLDER, as hard links under new names.
link_copies() {
	/usr/bin/python3 - "$tmp/base" "$1" "$2" "$3" <<-'EOF'
		import os, sys
		src, dst, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
		for sub in ("cur", "new", "tmp"):
		    os.makedirs(os.path.join(dst, sub), exist_ok=True)
		for sub in ("cur", "new"):
		    for name in os.listdir(os.path.join(src, sub)):
		        stem, colon, info = name.partition(":")
		        for i in range(lo, hi):
		            os.link(os.path.join(src, sub, name),
		                    os.path.join(dst, sub, "%s.c%d%s%s" % (stem, i, colon, info)))
	EOF
}

add_copies() { # FORMAT FOLDER FROM TO
	if [ "$1" = maildir ]; then
		link_copies "$2" "$3" "$4"
	else
		for ((i = $3; i < $4; i++)); do cat "$tmp/base.mbox"; done >>"$2"
	fi
}

# Milliseconds a headless open of FOLDER takes, header cache off.
open_ms() {
	local t0
	t0=$(now_ms)
	"$TERN" -n -e 'set header_cache=/dev/null' -f "$1" --list >/dev/null 2>&1 ||
		bail_out "tern --list $1 failed"
	echo $(($(now_ms) - t0))
}

# Make FOLDER big enough that opening it takes about LOAD_MS; FOLDER_N: its messages.
FOLDER_N=
make_folder() { # FORMAT FOLDER
	local first=8 copies ms max
	add_copies "$1" "$2" 0 $first
	ms=$(open_ms "$2")
	copies=$(((first * LOAD_MS + ms - 1) / (ms > 0 ? ms : 1)))
	max=$([ "$1" = mbox ] && echo $MAX_MBOX_COPIES || echo $MAX_COPIES)
	copies=$((copies < MIN_COPIES ? MIN_COPIES : copies > max ? max : copies))
	add_copies "$1" "$2" $first "$copies"
	diag "$1: $first copies opened in $ms ms: $copies copies"
	FOLDER_N=$((copies * BASE))
}

# ---- reading the screen (few processes per look: a look must be quick on a busy machine)

SNAP_TEXT=
SNAP_LINES=()
SNAP_STATUS=
SNAP_CURSOR=

# Capture the screen once, with attributes: SNAP_TEXT and SNAP_LINES are its
# text, SNAP_STATUS the status bar, SNAP_CURSOR the index row in reverse video
# ("ROW:TEXT", ROW 1-based) between the help bar and the status bar (both
# reverse video too). tmux writes attributes as changes, so the state is
# followed from the first line on.
snap() {
	local out
	out=$(ui_tmux_ capture-pane -e -p -t "$UI_SESSION" | awk -v last="$STATUS_ROW" '
		BEGIN { esc = "\033"; sgr = esc "\\[[0-9;]*m"; rev = 0; cursor = "" }
		{
			line = $0; text = ""; first = -1
			while (length(line)) {
				if (match(line, "^" sgr)) {
					n = split(substr(line, 3, RLENGTH - 3), codes, ";")
					if (n == 0) rev = 0
					for (i = 1; i <= n; i++) {
						if (codes[i] == 38 || codes[i] == 48) # a colour: skip its arguments
							i += codes[i + 1] == 5 ? 2 : 4
						else if (codes[i] + 0 == 0 || codes[i] == 27) rev = 0
						else if (codes[i] == 7) rev = 1
					}
					line = substr(line, RLENGTH + 1)
					continue
				}
				c = substr(line, 1, 1)
				if (c == esc) { line = substr(line, 2); continue }
				if (first < 0) first = rev
				text = text c
				line = substr(line, 2)
			}
			sub(/[ \t]+$/, "", text)
			print text
			if (first == 1 && NR > 1 && NR < last && cursor == "") cursor = NR ":" text
		}
		END { print "@cursor@" cursor }')
	SNAP_CURSOR=${out##*@cursor@}
	SNAP_TEXT=${out%@cursor@*}
	SNAP_TEXT=${SNAP_TEXT%$'\n'}
	mapfile -t SNAP_LINES <<<"$SNAP_TEXT"
	SNAP_STATUS=${SNAP_LINES[STATUS_ROW - 1]}
	local re="Reading ([0-9]+)"
	if [[ $SNAP_STATUS =~ $re ]] && [ "${BASH_REMATCH[1]}" -gt "$READ_MAX" ]; then
		READ_MAX=${BASH_REMATCH[1]}
	fi
}

# The largest progress figure any look has seen (reset before each load).
READ_MAX=0

# The number after WORD on the status bar of the last snap ("" when absent).
snap_num() {
	local re="$1 ?([0-9]+)"
	[[ $SNAP_STATUS =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# Snap until the shell condition $1 holds (for at most $2 seconds).
snap_until() {
	local cond=$1 deadline=$(($(now_ms) + $2 * 1000))
	while :; do
		snap
		eval "$cond" && return 0
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}

# Does the status bar of the last snap show the load's progress?
loading() {
	[[ $SNAP_STATUS =~ Reading\ [0-9] ]]
}

# ---- the scenarios

start_tern() { # FOLDER [rc commands...]
	local folder=$1 args=()
	shift
	for c in "$@"; do args+=(-e "$c"); done
	ui_start -x 120 -y $ROWS -- "$TERN" -n -e 'set header_cache=/dev/null' \
		-e 'set sort=mailbox-order' "${args[@]}" -f "$folder"
}

# A whole load, watched and steered while it runs.
watch_load() { # FORMAT FOLDER N
	local f=$1 n=$3 p1 m2
	READ_MAX=0
	start_tern "$2"
	if snap_until '(loading && [ -n "$SNAP_CURSOR" ]) || [ "$(snap_num Msgs:)" = "$n" ]' 30 &&
		loading &&
		[[ ${SNAP_LINES[1]} =~ ^\ +1\  && ${SNAP_LINES[5]} =~ ^\ +5\  ]] &&
		[ "${SNAP_CURSOR%%:*}" = 2 ] && [ "$(snap_num 'Msgs:')" -lt "$n" ]; then
		ok "$f: while loading, the first rows are drawn and the cursor is on the first"
	else
		not_ok "$f: while loading, the first rows are drawn and the cursor is on the first" \
			"cursor: $SNAP_CURSOR" "$SNAP_TEXT"
	fi
	p1=$(snap_num Reading)
	ui_keys j j j
	if snap_until '[ "${SNAP_CURSOR%%:*}" = 5 ] || ! loading' 15 && loading &&
		[[ $SNAP_CURSOR =~ ^5:\ +4\  ]]; then
		ok "$f: j moves the cursor while the folder loads"
	else
		not_ok "$f: j moves the cursor while the folder loads" \
			"cursor: $SNAP_CURSOR (expected on row 5, message 4, during the load)" "$SNAP_TEXT"
	fi
	m2=$(snap_num 'Msgs:')
	# Any look since the first counts: on a fast machine the load may end soon after the keys.
	if [ "$READ_MAX" -gt "${p1:-0}" ] ||
		{ snap_until '[ "$READ_MAX" -gt "${p1:-0}" ] || ! loading' 20 && loading; }; then
		ok "$f: the progress on the status bar grows ($p1, then $READ_MAX)"
	else
		not_ok "$f: the progress on the status bar grows (from ${p1:-nothing})" "$SNAP_STATUS"
	fi
	if snap_until '[ "$(snap_num "Msgs:")" -gt "${m2:-0}" ]' 20; then
		ok "$f: the screen keeps refreshing after the keys (Msgs: $m2, then $(snap_num 'Msgs:'))"
	else
		not_ok "$f: the screen keeps refreshing after the keys (Msgs: ${m2:-none})" "$SNAP_STATUS"
	fi
	if snap_until '[ "$(snap_num "Msgs:")" = "$n" ] && ! loading' 120 &&
		[[ $SNAP_STATUS =~ ---$ ]]; then # $status_format's end: nothing follows the bar
		ok "$f: the load reaches all $n messages and the progress goes away"
	else
		not_ok "$f: the load reaches all $n messages and the progress goes away" "$SNAP_STATUS"
	fi
	ui_keys q
	is "$(ui_wait_exit 10)" 0 "$f: q quits with status 0 after the load"
}

# Ctrl-C during the load, then a look at what stays.
stop_load() { # FORMAT FOLDER N
	local f=$1 folder=$2 n=$3 c
	# a check every second: it must not read the rest of the folder
	start_tern "$folder" 'set mail_check=1'
	snap_until loading 30 || diag "$f: no progress before Ctrl-C"
	ui_keys C-c
	if snap_until '[[ $SNAP_STATUS =~ "(stopped: not every message was read)" ]]' 15; then
		ok "$f: Ctrl-C stops the load and the status line says so"
	else
		not_ok "$f: Ctrl-C stops the load and the status line says so" "$SNAP_STATUS"
	fi
	c=$(snap_num 'Msgs:')
	if [ -n "$c" ] && [ "$c" -gt 0 ] && [ "$c" -lt "$n" ]; then
		ok "$f: fewer messages than the folder's $n stay ($c)"
	else
		not_ok "$f: fewer messages than the folder's $n stay (${c:-none})"
	fi
	# New mail arrives (a Maildir's new/ changes; an mbox is longer than
	# what was read anyway), and the periodic check runs twice or more.
	if [ "$f" = maildir ]; then
		cp "$tmp/base/cur/$(ls "$tmp/base/cur" | head -1)" "$folder/new/1800000000.M1P1.uiload"
	fi
	sleep 3
	snap
	is "$(snap_num 'Msgs:')" "${c:-(no count before)}" "$f: after the stop the count stays put"
	ui_keys Enter
	if ui_wait '^Subject: ' 15; then
		ui_keys q
		if ui_wait "Msgs:$c[] ].*\\(stopped" 15; then
			ok "$f: after the stop, Enter opens a message and q returns to the index"
		else
			not_ok "$f: after the stop, Enter opens a message and q returns to the index"
		fi
	else
		not_ok "$f: after the stop, Enter opens a message and q returns to the index"
	fi
	ui_keys q
	is "$(ui_wait_exit 10)" 0 "$f: q quits with status 0 after Ctrl-C"
}

# Ctrl-C in the pager stops the load behind it.
stop_from_pager() { # FOLDER N
	local folder=$1 n=$2 c
	start_tern "$folder"
	snap_until 'loading' 30 || diag "maildir: no progress before Enter"
	ui_keys Enter
	ui_wait '^Subject: ' 15 || diag "maildir: no message shown"
	ui_keys C-c q
	snap_until '[[ $SNAP_STATUS =~ "(stopped: not every message was read)" ]]' 15
	c=$(snap_num 'Msgs:')
	if [[ $SNAP_STATUS =~ "(stopped: not every message was read)" ]] && [ -n "$c" ] &&
		[ "$c" -lt "$n" ]; then
		ok "maildir: Ctrl-C in the pager stops the load ($c messages)"
	else
		not_ok "maildir: Ctrl-C in the pager stops the load" "$SNAP_STATUS"
	fi
	ui_keys q
	is "$(ui_wait_exit 10)" 0 "maildir: q quits with status 0 after Ctrl-C in the pager"
}

# Another program rewrites the mbox under tern (here: cuts it short), tern
# reads it again, and Ctrl-C stops that load too.
stop_reopen() { # FOLDER N
	local folder=$1 n=$2 size c
	start_tern "$folder" 'set mail_check=1'
	snap_until '[ "$(snap_num "Msgs:")" = "$n" ] && ! loading' 120 ||
		diag "mbox: not loaded: $SNAP_STATUS"
	size=$(stat -c %s "$folder")
	truncate -s $((size * 3 / 4)) "$folder"
	if snap_until 'loading' 30; then
		ui_keys C-c
		snap_until '[[ $SNAP_STATUS =~ "(stopped: not every message was read)" ]]' 15
	fi
	c=$(snap_num 'Msgs:')
	if [[ $SNAP_STATUS =~ "(stopped: not every message was read)" ]] && [ -n "$c" ] &&
		[ "$c" -lt $((n * 3 / 4)) ]; then
		ok "mbox: rewritten by another program, it is read again, and Ctrl-C stops that ($c)"
	else
		not_ok "mbox: rewritten by another program, it is read again, and Ctrl-C stops that" \
			"$SNAP_STATUS"
	fi
	ui_keys q
	is "$(ui_wait_exit 10)" 0 "mbox: q quits with status 0 after the stopped reopen"
}

# Relative paths: the status bar has room for its message.
cd "$tmp" || bail_out "cd $tmp"
for f in maildir mbox; do
	folder=$f
	make_folder $f "$folder"
	t0=$(now_ms)
	watch_load $f "$folder" "$FOLDER_N"
	t1=$(now_ms)
	stop_load $f "$folder" "$FOLDER_N"
	[ $f = mbox ] || stop_from_pager "$folder" "$FOLDER_N"
	diag "$f: the whole load watched in $((t1 - t0)) ms, the stopped one in $(($(now_ms) - t1)) ms"
done
stop_reopen mbox "$FOLDER_N"
