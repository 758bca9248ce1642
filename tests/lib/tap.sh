# tap.sh - a small TAP (Test Anything Protocol) producer for tern's script tests.
#
# Sourced by the bash test scripts that `make check` runs through automake's
# tap-driver.sh, which counts every "ok"/"not ok" line as one test case:
#
#   . "$top_srcdir/tests/lib/tap.sh"
#   plan 3                          # or no plan, and done_testing at the end
#   ok "name"                       # a passing case
#   not_ok "name" ["detail"...]     # a failing case, details as diag lines
#   is "$got" "$want" "name"        # ok when equal, else shows both
#   check "name" CMD [ARG...]       # ok when CMD exits 0, else shows its output
#   diag "text"                     # "# text" (every line of a multi-line text)
#   fail_with_log "name" FILE [N]   # not ok, then the last N (40) lines of FILE
#   bail_out "reason"               # "Bail out!" (the driver stops: an error)
#   at_exit CMD                     # run CMD when the script exits (last in, first out)
#   tap_tmpdir                      # a fresh mktemp directory, removed at exit
#                                   # (kept when TAP_KEEP_TMP=1)
#   done_testing                    # print the plan if none was given, exit 0
#
# The totals are in the TAP lines, so scripts exit 0 once they have printed
# them (a non-zero exit would add an ERROR on top of the failed cases).
#
# top_srcdir and top_builddir come from `make check' (AM_TESTS_ENVIRONMENT);
# for a run by hand they default to the source tree holding this file and
# its build/ directory.

# One known locale for every script test, whatever the caller's (CI may set
# none): UTF-8, so that grep, sed and awk treat multibyte characters (thread
# trees, CJK columns) as characters, and untranslated messages.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE

TAP_N=0
TAP_FAILED=0
TAP_PLANNED=
TAP_EXIT_CMDS=()

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
if [ -z "${top_builddir:-}" ]; then
	top_builddir=$top_srcdir/build
fi
export top_srcdir top_builddir

# Run the registered clean-ups in reverse order, once.
tap_run_exit_cmds_() {
	local i
	for ((i = ${#TAP_EXIT_CMDS[@]} - 1; i >= 0; i--)); do
		eval "${TAP_EXIT_CMDS[$i]}" || true
	done
	TAP_EXIT_CMDS=()
}
trap 'tap_run_exit_cmds_' EXIT
trap 'tap_run_exit_cmds_; exit 130' INT
trap 'tap_run_exit_cmds_; exit 143' TERM HUP
trap 'tap_run_exit_cmds_ 2>/dev/null; exit 141' PIPE

at_exit() {
	TAP_EXIT_CMDS+=("$*")
}

# A description may not hold a newline, and a '#' would start a directive.
tap_desc_() {
	local d=${1//$'\n'/ }
	printf '%s' "${d//#/\\#}"
}

plan() {
	TAP_PLANNED=$1
	echo "1..$1"
}

diag() {
	local line
	[ $# -gt 0 ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		echo "# $line"
	done <<<"$*"
}

ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $(tap_desc_ "$1")"
}

not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $(tap_desc_ "$1")"
	shift
	local d
	for d in "$@"; do diag "$d"; done
}

is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3" "got:  $1" "want: $2"
	fi
}

check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ "$rc" = 0 ]; then
		ok "$name"
	else
		not_ok "$name" "command failed (exit $rc): $*" "$(printf '%s\n' "$out" | tail -n 40)"
	fi
}

fail_with_log() {
	local name=$1 file=$2 n=${3:-40}
	not_ok "$name"
	if [ -r "$file" ]; then
		diag "last $n lines of $file:"
		diag "$(tail -n "$n" "$file")"
	else
		diag "(no log: $file is missing)"
	fi
}

bail_out() {
	echo "Bail out! $(tap_desc_ "$*")"
	exit 1
}

# Directories from tap_tmpdir live in one per-script directory made here, in
# the script itself, so that `d=$(tap_tmpdir)` (a subshell, whose at_exit
# would be lost) still gets cleaned up.
TAP_TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/tern-test.XXXXXX") || {
	echo "Bail out! mktemp failed"
	exit 1
}
if [ "${TAP_KEEP_TMP:-0}" = 1 ]; then
	at_exit "echo '# kept $TAP_TMPROOT (TAP_KEEP_TMP=1)'"
else
	at_exit "rm -rf '$TAP_TMPROOT'"
fi

tap_tmpdir() {
	mktemp -d "$TAP_TMPROOT/t.XXXXXX" || bail_out "mktemp failed"
}

done_testing() {
	[ -n "$TAP_PLANNED" ] || echo "1..$TAP_N"
	exit 0
}
