# lib.sh - drive a terminal program in tmux for tern's UI tests.
#
#   . "${top_srcdir:-...}/tests/lib/tap.sh"
#   . "$top_srcdir/tests/ui/lib.sh"
#   ui_start [-x COLS] [-y ROWS] [-e NAME=VALUE]... -- CMD [ARG...]
#   ui_wait 'regex' [SECONDS]       # poll the screen until an ERE matches (default 10 s)
#   ui_keys Enter q C-c ...         # tmux key names (send-keys)
#   ui_type 'literal text'          # typed as is, no key names
#   ui_screen                       # print the screen (rows, trailing blanks removed)
#   ui_line N                       # print row N (1-based)
#   ui_cursor                       # print "col row" of the cursor (0-based)
#   ui_wait_exit [SECONDS]          # wait for CMD to exit, print its exit status
#   ui_stop                         # kill the tmux server of this test (at exit anyway)
#
# Every test gets its own tmux server on a private socket (-S) in its own
# temporary directory, so nothing outside the test is seen or touched, and
# its own tmux configuration (-f): no status line (the pane is exactly
# COLS x ROWS), panes stay after the program exits (to read its last screen
# and exit status), no escape delay.
#
# CMD runs with a controlled environment: only PATH, TERM (UI_TERM, default
# screen-256color), LANG=LC_ALL=C.UTF-8, TZ=UTC, HOME=$UI_HOME (an empty
# directory in the test's temporary directory), plus any -e NAME=VALUE.
# UI_TMP is the test's temporary directory (removed at exit); TERN is the
# tern binary of the build under test.

UI_TMP=
UI_HOME=
UI_SOCK=
UI_SESSION=ui
UI_TERM=${UI_TERM:-screen-256color}
TERN=${TERN:-$top_builddir/tern}

ui_tmux_() {
	tmux -S "$UI_SOCK" "$@"
}

# Set up the private directory, socket and configuration once per script.
ui_init_() {
	[ -z "$UI_TMP" ] || return 0
	command -v tmux >/dev/null || bail_out "tmux is not installed (./quickstart test installs it)"
	UI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tern-ui.XXXXXX") || bail_out "mktemp failed"
	UI_HOME=$UI_TMP/home
	mkdir -p "$UI_HOME"
	UI_SOCK=$UI_TMP/tmux.sock
	cat >"$UI_TMP/tmux.conf" <<-EOF
		set -g status off
		set -g remain-on-exit on
		set -g default-terminal "$UI_TERM"
		set -g history-limit 2000
		set -s escape-time 0
		set -g exit-empty on
	EOF
	at_exit ui_cleanup_
}

ui_cleanup_() {
	ui_stop
	[ -n "$UI_TMP" ] && rm -rf "$UI_TMP"
	UI_TMP=
}

ui_start() {
	local cols=80 rows=24 envs=()
	while [ $# -gt 0 ]; do
		case $1 in
		-x) cols=$2; shift 2 ;;
		-y) rows=$2; shift 2 ;;
		-e) envs+=("$2"); shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	[ $# -gt 0 ] || bail_out "ui_start: no command"
	ui_init_
	ui_stop
	rm -f "$UI_TMP/exit-status"
	# The tmux server itself gets a minimal environment too: the program's
	# environment is what env -i below sets, and nothing else leaks in.
	# tmux does not always record a dead pane's exit status (3.3a), so a
	# small sh wrapper writes it to a file. The wrapper's traps are caught
	# (not ignored), so the program starts with default signal handling and
	# C-c reaches it, while the wrapper lives on to record its status.
	env -i PATH="$PATH" HOME="$UI_HOME" TERM="$UI_TERM" LANG=C.UTF-8 \
		tmux -S "$UI_SOCK" -f "$UI_TMP/tmux.conf" new-session -d -s "$UI_SESSION" \
		-x "$cols" -y "$rows" -- \
		env -i PATH="$PATH" HOME="$UI_HOME" TERM="$UI_TERM" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		TZ=UTC "${envs[@]}" \
		sh -c 'trap : INT QUIT TERM HUP; "$@"; echo $? >"$0.tmp" && mv "$0.tmp" "$0"' \
		"$UI_TMP/exit-status" "$@" </dev/null >/dev/null 2>"$UI_TMP/tmux.err" ||
		bail_out "tmux new-session failed: $(cat "$UI_TMP/tmux.err")"
}

ui_keys() {
	ui_tmux_ send-keys -t "$UI_SESSION" "$@"
}

ui_type() {
	ui_tmux_ send-keys -t "$UI_SESSION" -l -- "$*"
}

ui_screen() {
	ui_tmux_ capture-pane -p -t "$UI_SESSION" | sed -e 's/[[:space:]]*$//'
}

ui_line() {
	ui_screen | sed -n "${1}p"
}

ui_cursor() {
	ui_tmux_ display-message -p -t "$UI_SESSION" '#{cursor_x} #{cursor_y}'
}

# Poll until the screen matches the extended regex $1, for at most $2 seconds.
# On a timeout, returns 1 and shows the last screen as diag lines.
ui_wait() {
	local re=$1 secs=${2:-10} deadline
	deadline=$(($(date +%s%N) / 1000000 + secs * 1000))
	while :; do
		if ui_screen | grep -Eq -- "$re"; then
			return 0
		fi
		if [ "$(($(date +%s%N) / 1000000))" -ge "$deadline" ]; then
			diag "ui_wait: /$re/ not on screen after ${secs} s; the screen was:"
			diag "$(ui_screen | sed 's/^/|/')"
			return 1
		fi
		sleep 0.05
	done
}

# Wait until the program has exited and print its exit status (128+N when
# signal N killed it); returns 1 on a timeout.
ui_wait_exit() {
	local secs=${1:-10} deadline
	deadline=$(($(date +%s%N) / 1000000 + secs * 1000))
	while :; do
		if [ -s "$UI_TMP/exit-status" ]; then
			cat "$UI_TMP/exit-status"
			return 0
		fi
		if [ "$(($(date +%s%N) / 1000000))" -ge "$deadline" ]; then
			diag "ui_wait_exit: still running after ${secs} s"
			return 1
		fi
		sleep 0.05
	done
}

ui_stop() {
	[ -n "$UI_SOCK" ] && [ -S "$UI_SOCK" ] || return 0
	ui_tmux_ kill-server 2>/dev/null || true
	rm -f "$UI_SOCK"
}
