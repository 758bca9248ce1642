#!/usr/bin/env bash
# harness.sh - the UI test library (tests/ui/lib.sh) itself: a program started
# in a private tmux server sees the promised terminal and environment, keys
# reach it, the screen can be read and waited on, and the exit status and the
# tmux server's end are observed. The UI tests of tern build on these.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 9

# 1-2: a prompt appears, typed text and Enter reach the program.
ui_start -x 60 -y 10 -- sh -c 'printf "name? "; read x; printf "hello <%s>\n" "$x"; read y'
if ui_wait '^name\?$' 5; then ok "prompt is on screen"; else not_ok "prompt is on screen"; fi
ui_type 'wörld & co'
ui_keys Enter
if ui_wait '^hello <wörld & co>$' 5; then
	ok "typed UTF-8 text and Enter reach the program"
else
	not_ok "typed UTF-8 text and Enter reach the program"
fi

# 3: the pane has exactly the requested size (no status line takes a row).
ui_start -x 61 -y 13 -- sh -c 'stty size; read x'
ui_wait '^[0-9]+ [0-9]+$' 5
is "$(ui_line 1)" "13 61" "the terminal is 61x13 as requested"

# 4: the controlled environment.
ui_start -x 120 -e TERN_TEST=1 -- sh -c 'echo "T=$TERM L=$LANG A=$LC_ALL Z=$TZ X=$TERN_TEST H=$HOME U=${USER-unset}"; read x'
ui_wait '^T=' 5
is "$(ui_line 1)" "T=$UI_TERM L=C.UTF-8 A=C.UTF-8 Z=UTC X=1 H=$UI_HOME U=unset" \
	"environment: TERM, UTF-8 locale, TZ, extra variable, private HOME, nothing else"

# 5: HOME is a private, writable, empty directory inside the test's own temporary directory.
case $UI_HOME in
"$UI_TMP"/*) [ -d "$UI_HOME" ] && [ -w "$UI_HOME" ] && [ -z "$(ls -A "$UI_HOME")" ] &&
	ok "HOME is an empty directory in the test's temp dir" ||
	not_ok "HOME is an empty directory in the test's temp dir" "$(ls -la "$UI_HOME")" ;;
*) not_ok "HOME is an empty directory in the test's temp dir" "UI_HOME=$UI_HOME UI_TMP=$UI_TMP" ;;
esac

# 6: control keys are sent as keys: C-c interrupts, and the exit status is seen.
ui_start -- bash -c 'trap "echo got-INT; exit 3" INT; echo ready; read x'
ui_wait '^ready$' 5
ui_keys C-c
st=$(ui_wait_exit 5)
ui_wait 'got-INT$' 2
is "$st" 3 "C-c interrupts the program and its exit status 3 is reported"

# 7: cursor position and full-screen (curses-style) output.
ui_start -x 40 -y 10 -- sh -c 'printf "\033[2J\033[5;10Hmark"; read x'
ui_wait 'mark' 5
is "$(ui_cursor) $(ui_line 5)" "13 4          mark" "cursor position and absolute positioning"

# 8: ui_wait times out (and says so) when the text never appears.
ui_start -- sh -c 'echo nothing-here; read x'
ui_wait '^nothing-here$' 5
t0=$(date +%s)
if out=$(ui_wait 'never-shown' 1); then
	not_ok "ui_wait fails when the text does not appear"
else
	t1=$(date +%s)
	if [ $((t1 - t0)) -le 3 ] && printf '%s\n' "$out" | grep -q '|nothing-here'; then
		ok "ui_wait fails after its timeout and shows the screen"
	else
		not_ok "ui_wait fails after its timeout and shows the screen" "took $((t1 - t0)) s" "$out"
	fi
fi

# 9: ui_stop kills this test's own tmux server and nothing else.
sock=$UI_SOCK
ui_stop
if tmux -S "$sock" has-session 2>/dev/null || [ -e "$sock" ]; then
	not_ok "ui_stop ends the private tmux server"
else
	ok "ui_stop ends the private tmux server"
fi

done_testing
