#!/usr/bin/env bash
# smoke.sh - build every libFuzzer target tests/fuzz/fuzz_*.c with clang
# (ASan + UBSan + LSan) and run each one briefly on a scratch copy of its seed
# corpus tests/fuzz/corpus/<name>/. One TAP case for the sanitized build of
# the parsers, then one per fuzzer: a crash, a leak, a timeout or any
# sanitizer report fails it, and the diag lines give the reproducer (kept in
# $top_builddir/tests/fuzz/out/<name>/) and the report.
#
# Knobs: FUZZ_SECONDS (default 10) per fuzzer, FUZZ_JOBS (default 2) fuzzers
# at a time, FUZZ_CC (default clang), FUZZ_ONLY="address mime" to run some.
#
# Builds go to $top_builddir/tests/fuzz/bin/ and are redone only when a
# source or header is newer. The parsers are compiled once with
# -fsanitize=fuzzer-no-link (libFuzzer's coverage without its main) into
# libfuzzparsers.a, and each target links that with -fsanitize=fuzzer: the
# same result as compiling all of the layers below into every target,
# at a fraction of the cost.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

SECONDS_EACH=${FUZZ_SECONDS:-10}
JOBS=${FUZZ_JOBS:-2}
CC_FUZZ=${FUZZ_CC:-clang}
SRC=$top_srcdir
BIN=$top_builddir/tests/fuzz/bin
OUT=$top_builddir/tests/fuzz/out
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS_FUZZ="-g -O1 $SAN -include $top_builddir/config.h -I$SRC -I$SRC/src -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
# The layers the fuzz targets reach (every file of each is compiled in), and
# single modules of higher layers that depend on these only (the IMAP
# response parser: the rest of src/imap needs the network layer).
LAYERS="core email config mx"
MODULES="imap/parse"
LIBS_FUZZ="-lidn2 -lutf8proc -llmdb"

targets=()
for f in "$SRC"/tests/fuzz/fuzz_*.c; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .c)
	name=${name#fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ] && [[ " $FUZZ_ONLY " != *" $name "* ]]; then
		continue
	fi
	targets+=("$name")
done
plan $((1 + ${#targets[@]}))
diag "${#targets[@]} fuzz target(s): ${targets[*]:-none}; ${SECONDS_EACH} s each, $JOBS at a time"

# ---------------------------------------------------------------- the build
newest_header() {
	local l m dirs=()
	for l in $LAYERS; do dirs+=("$SRC"/src/"$l"/*.h "$SRC"/src/"$l"/*.def); done
	for m in $MODULES; do dirs+=("$SRC"/src/"$m"*.h "$SRC"/src/"${m%/*}"/util.h); done
	ls -t "${dirs[@]}" "$top_builddir/config.h" 2>/dev/null | head -n 1
}

build_lib() {
	local obj=$BIN/obj lib=$BIN/libfuzzparsers.a hdr src o stale=0 todo=()
	mkdir -p "$obj" || return 1
	hdr=$(newest_header)
	local srcs=() l m
	for l in $LAYERS; do srcs+=("$SRC"/src/"$l"/*.c); done
	for m in $MODULES; do srcs+=("$SRC"/src/"$m"*.c); done
	for src in "${srcs[@]}"; do
		o=$obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
		if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ "$hdr" -nt "$o" ]; then
			todo+=("$src")
		fi
	done
	# Objects of source files that no longer exist must not be linked in.
	for o in "$obj"/*.o; do
		[ -e "$o" ] || continue
		src=$(basename "$o" .o)
		[ -e "$SRC/src/${src%%_*}/${src#*_}.c" ] || { rm -f "$o"; stale=1; }
	done
	if [ ${#todo[@]} -gt 0 ]; then
		# shellcheck disable=SC2016
		printf '%s\n' "${todo[@]}" | xargs -P "$JOBS" -I{} sh -c '
			src=$1; o=$2/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
			$3 $4 -fsanitize=fuzzer-no-link -c "$src" -o "$o.tmp" && mv "$o.tmp" "$o"
		' sh {} "$obj" "$CC_FUZZ" "$CFLAGS_FUZZ" || return 1
		stale=1
	fi
	if [ "$stale" = 1 ] || [ ! -e "$lib" ]; then
		rm -f "$lib"
		ar rcs "$lib" "$obj"/*.o || return 1
	fi
}

build_target() { # $1 = name
	local src=$SRC/tests/fuzz/fuzz_$1.c exe=$BIN/fuzz_$1
	if [ -x "$exe" ] && [ ! "$src" -nt "$exe" ] && [ ! "$BIN/libfuzzparsers.a" -nt "$exe" ] &&
		[ ! "$(newest_header)" -nt "$exe" ]; then
		return 0
	fi
	$CC_FUZZ $CFLAGS_FUZZ -fsanitize=fuzzer "$src" "$BIN/libfuzzparsers.a" $LIBS_FUZZ \
		-o "$exe.tmp" && mv "$exe.tmp" "$exe"
}

WORK=$(tap_tmpdir)
if ! command -v "$CC_FUZZ" >/dev/null; then
	not_ok "fuzz build: sanitized parsers compile with $CC_FUZZ" \
		"$CC_FUZZ not found: install the Debian packages clang and libclang-rt-14-dev (./quickstart test does)"
	for t in "${targets[@]}"; do not_ok "fuzz_$t" "not built: no $CC_FUZZ"; done
	done_testing
fi
if build_lib >"$WORK/build.log" 2>&1; then
	ok "fuzz build: src/{${LAYERS// /,}} and ${MODULES} compile with $CC_FUZZ -fsanitize=fuzzer-no-link,address,undefined"
	lib_ok=1
else
	fail_with_log "fuzz build: src/{${LAYERS// /,}} and ${MODULES} compile with $CC_FUZZ -fsanitize=fuzzer-no-link,address,undefined" "$WORK/build.log" 60
	lib_ok=0
fi

# ---------------------------------------------------------------- the runs
SYMBOLIZER=$(command -v llvm-symbolizer || ls /usr/lib/llvm-*/bin/llvm-symbolizer 2>/dev/null | tail -n 1)

# Build and run one target; everything goes to $WORK/<name>/, the verdict to
# $WORK/<name>/result ("ok" or "fail: why").
run_one() {
	local t=$1 w=$WORK/$1 exe=$BIN/fuzz_$1 rc
	mkdir -p "$w/corpus" "$w/artifacts"
	if ! build_target "$t" >"$w/build.log" 2>&1; then
		echo "fail: does not build" >"$w/result"
		cp "$w/build.log" "$w/report"
		return
	fi
	if [ -d "$SRC/tests/fuzz/corpus/$t" ]; then
		cp -R "$SRC/tests/fuzz/corpus/$t/." "$w/corpus/"
		chmod -R u+w "$w/corpus" # a read-only source tree (distcheck) gives read-only copies
	fi
	local dict=()
	for d in "$SRC/tests/fuzz/$t.dict" "$SRC/tests/fuzz/corpus/$t.dict"; do
		[ -f "$d" ] && dict=("-dict=$d")
	done
	(
		cd "$w" || exit 1
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1:allocator_may_return_null=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ASAN_SYMBOLIZER_PATH=$SYMBOLIZER \
			"$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix="$w/artifacts/" "${dict[@]}" \
			"$w/corpus" </dev/null >"$w/log" 2>&1
	)
	rc=$?
	if [ "$rc" != 0 ] || [ -n "$(ls -A "$w/artifacts")" ] ||
		grep -qE 'ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:|==ERROR:|SUMMARY: ' "$w/log"; then
		echo "fail: exit status $rc" >"$w/result"
	else
		echo ok >"$w/result"
	fi
}

if [ "$lib_ok" = 1 ]; then
	running=0
	for t in "${targets[@]}"; do
		if [ "$running" -ge "$JOBS" ]; then
			wait -n
			running=$((running - 1))
		fi
		run_one "$t" &
		running=$((running + 1))
	done
	wait
fi

for t in "${targets[@]}"; do
	w=$WORK/$t
	if [ "$lib_ok" != 1 ]; then
		not_ok "fuzz_$t" "not built: the sanitized parsers do not compile"
		continue
	fi
	result=$(cat "$w/result" 2>/dev/null || echo "fail: no result")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/log" 2>/dev/null | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$w/log" 2>/dev/null | tail -n 1)
	nseed=$(find "$SRC/tests/fuzz/corpus/$t" -type f 2>/dev/null | wc -l)
	if [ "$result" = ok ]; then
		ok "fuzz_$t: ${SECONDS_EACH} s without a crash, leak or sanitizer report"
		diag "fuzz_$t: ${execs:-?} executions from $nseed seeds; ${cov:-no coverage line}"
	elif [ ! -e "$w/log" ]; then
		not_ok "fuzz_$t: builds" "$(tail -n 40 "$w/build.log" 2>/dev/null)"
	else
		not_ok "fuzz_$t: ${SECONDS_EACH} s without a crash, leak or sanitizer report"
		diag "fuzz_$t: $result after ${execs:-?} executions"
		mkdir -p "$OUT/$t"
		for a in "$w"/artifacts/*; do
			[ -e "$a" ] || continue
			cp "$a" "$OUT/$t/"
			diag "reproducer: $OUT/$t/$(basename "$a") ($(wc -c <"$a") bytes)"
			diag "  run: $BIN/fuzz_$t $OUT/$t/$(basename "$a")"
			diag "  bytes: $(head -c 96 "$a" | od -An -c | tr -s ' ' | tr -d '\n' | cut -c1-200)"
		done
		# The report: from the first sanitizer or libFuzzer error line on.
		report=$(awk '/==[0-9]+==ERROR|runtime error:|ERROR: libFuzzer|^==[0-9]+== ERROR|deadly signal|Test unit written/ { p = 1 } p' "$w/log" | head -n 60)
		[ -n "$report" ] || report=$(tail -n 40 "$w/log")
		diag "$report"
	fi
done
done_testing
