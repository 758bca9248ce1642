#!/usr/bin/env bash
# mx_kill.sh - SIGKILL tern at moments spread over an mbox rewrite (--read
# rewrites every Status header, --delete drops messages) and check that the
# mbox is exactly the old one or exactly the new one, byte for byte. The new
# one is what an uninterrupted run writes, checked once with an independent
# parser (mx_mail.py): every message once, in order, its headers and body
# intact, its flags right. After a kill the next tern opens the folder,
# whatever the kill left behind (a temporary file, a lock), and every few
# rounds a full run finishes the job beside those leftovers.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

TERN=${TERN:-$top_builddir/tern}
MAIL="/usr/bin/python3 $top_srcdir/tests/integration/mx_mail.py"
ROUNDS=${MX_KILL_ROUNDS:-26}
COUNT=${MX_KILL_COUNT:-4000}
DEL='@example\.org' # the messages --delete removes (by Message-ID)
tmp=$(tap_tmpdir)

/usr/bin/python3 "$top_srcdir/bench/genmail.py" --format mbox --count "$COUNT" --seed 7 "$tmp/orig" \
	>/dev/null 2>&1 || bail_out "genmail failed"
$MAIL summary "$tmp/orig" >"$tmp/summary"
deleted=$(awk -v re="$DEL" 'tolower($1) ~ re' "$tmp/summary" | wc -l)
[ "$deleted" -gt 0 ] && [ "$deleted" -lt "$COUNT" ] || bail_out "no messages for --delete to remove"

# Milliseconds, and short sleeps, without a process each: the machine may be busy.
ms() {
	local t=${EPOCHREALTIME/./}
	echo $((10#$t / 1000))
}
exec {never}<> <(:)
nap() { read -r -t "$1" -u $never || true; }

# The rewrites under test, taking turns round by round. (At 4000 messages
# some message's body crosses the loader's 256 KiB read window: the case
# that once lost its flags.)
read -r -a ACTS <<<"${MX_KILL_ACTS:-read delete}"
# Round $1's action: $act and tern's arguments in $args.
action() {
	act=${ACTS[$1 % ${#ACTS[@]}]}
	case $act in
	delete) args=("--limit=~i $DEL" --delete) ;;
	*) args=(--read) ;;
	esac
}
mode() { if [ "$1" = delete ]; then echo "delete:$DEL"; else echo read; fi; }

# A file beside the mbox that is neither the mbox nor its lock (nor our
# files): the rewrite's temporary file. Waits for one while process $2 runs
# and names it in $temp.
wait_temp() {
	local d=$1 pid=$2 f
	while kill -0 "$pid" 2>/dev/null; do
		for f in "$d"/.[!.]* "$d"/*; do
			case ${f##*/} in
			box | err | *lock* | '.[!.]*' | '*') ;;
			*) temp=$f && return 0 ;;
			esac
		done
		nap 0.002
	done
	return 1
}

# The files a round left beside the mbox, in $leftovers; those that are no lock in $temps.
list_leftovers() {
	local f
	leftovers= temps=
	for f in "$1"/.[!.]* "$1"/*; do
		case ${f##*/} in
		box | err | '.[!.]*' | '*') ;;
		*lock*) leftovers+="${f##*/} " ;;
		*) leftovers+="${f##*/} " temps+="${f##*/} " ;;
		esac
	done
}

# The new mailboxes, made by uninterrupted runs and checked by mx_mail.py;
# timing them (the whole run, and the temporary file's life: the rewrite
# itself) tells where to aim the kills.
t0=$(ms)
timeout 60 "$TERN" -n -f "$tmp/orig" --list >/dev/null 2>&1 || bail_out "tern cannot list the mbox"
t1=$(ms)
open_ms=$((t1 - t0)) full_ms=0 rewrite_ms=0
for ((r = 0; r < ${#ACTS[@]}; r++)); do
	action $r
	mkdir "$tmp/cal$r"
	cp "$tmp/orig" "$tmp/cal$r/box"
	t0=$(ms)
	timeout 60 "$TERN" -n -f "$tmp/cal$r/box" "${args[@]}" 2>"$tmp/cal$r/err" &
	pid=$!
	temp=
	wait_temp "$tmp/cal$r" $pid
	t1=$(ms)
	while [ -n "$temp" ] && [ -e "$temp" ] && kill -0 $pid 2>/dev/null; do nap 0.002; done
	t2=$(ms)
	rc=0
	wait $pid || rc=$?
	t3=$(ms)
	((t3 - t0 > full_ms)) && full_ms=$((t3 - t0))
	((t2 - t1 > rewrite_ms)) && rewrite_ms=$((t2 - t1))
	mv "$tmp/cal$r/box" "$tmp/new.$act"
	if [ $rc = 0 ] && out=$($MAIL new-state "$tmp/summary" "$tmp/new.$act" "$(mode $act)"); then
		ok "an uninterrupted ${args[*]} writes the new mbox: every message intact, flags right"
	else
		not_ok "an uninterrupted ${args[*]} writes the new mbox: every message intact, flags right" \
			"exit $rc" "$(cat "$tmp/cal$r/err")" "$out"
	fi
done
diag "open and list: $open_ms ms; a whole run: up to $full_ms ms; its temporary file lived" \
	"$rewrite_ms ms ($COUNT messages, $(stat -c %s "$tmp/orig") bytes; --delete removes $deleted)"
((full_ms > open_ms)) || full_ms=$((open_ms + 100))
((rewrite_ms > 10)) || rewrite_ms=10

# One killed run, $2 ms after ($3) its start, the appearance of its
# temporary file, or the temporary file's end (the rename); sets $state
# (old, new or broken) and $rc.
kill_round() {
	local d=$1 delay=$2 aim=$3 pid temp=
	cp "$tmp/orig" "$d/box"
	"$TERN" -n -f "$d/box" "${args[@]}" >/dev/null 2>"$d/err" &
	pid=$!
	[ "$aim" = start ] || wait_temp "$d" $pid
	if [ "$aim" = rename ]; then
		while [ -n "$temp" ] && [ -e "$temp" ] && kill -0 $pid 2>/dev/null; do nap 0.001; done
	fi
	nap "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL $pid 2>/dev/null
	rc=0
	wait $pid 2>/dev/null || rc=$?
	if cmp -s "$tmp/orig" "$d/box"; then
		state=old
	elif cmp -s "$tmp/new.$act" "$d/box"; then
		state=new
	else
		state=broken
	fi
}

old=0 new=0 killed=0 midway=0
lo=$((open_ms / 2)) hi=$((full_ms * 9 / 10))
for ((r = 0; r < ROUNDS; r++)); do
	d=$tmp/round$r
	mkdir "$d"
	action $r
	# Half the rounds are stratified over [open/2, 90% of full]: every part
	# of the run gets kills. The others aim at the rewrite itself, however
	# busy the machine: from the moment its temporary file appears to a
	# little after its measured life; every eighth right after the rename.
	if ((r % 2 == 0)); then
		aim=start delay=$((lo + (hi - lo) * r / ROUNDS + RANDOM % ((hi - lo) / ROUNDS + 1)))
	elif ((r % 8 == 7)); then
		aim=rename delay=0
	else
		aim=temp delay=$((rewrite_ms * 11 / 10 * r / ROUNDS + RANDOM % (rewrite_ms / ROUNDS + 1)))
	fi
	kill_round "$d" $delay $aim
	list_leftovers "$d"
	[ $rc = 137 ] && killed=$((killed + 1))
	[ $rc = 137 ] && [ -n "$temps" ] && midway=$((midway + 1))
	case $aim in
	start) name="round $((r + 1)): ${args[*]} killed $delay ms after its start (exit $rc)" ;;
	temp) name="round $((r + 1)): ${args[*]} killed $delay ms into its rewrite (exit $rc)" ;;
	*) name="round $((r + 1)): ${args[*]} killed after its rename (exit $rc)" ;;
	esac
	case $state in
	old) old=$((old + 1)) && ok "$name: the old mbox, byte for byte${leftovers:+ (left: $leftovers)}" ;;
	new) new=$((new + 1)) && ok "$name: the new mbox, byte for byte${leftovers:+ (left: $leftovers)}" ;;
	*) not_ok "$name: the old or the new mbox" "$($MAIL new-state "$tmp/summary" "$d/box" "$(mode $act)")" \
		"left: $leftovers" "$(cat "$d/err")" ;;
	esac
	# Where a kill left something behind, the next tern opens the folder all the same.
	if [ -n "$leftovers" ]; then
		want=$COUNT
		[ $state = new ] && [ $act = delete ] && want=$((COUNT - deleted))
		rc=0
		timeout 20 "$TERN" -n -f "$d/box" --list >"$d/list" 2>"$d/err" || rc=$?
		is "$rc $(wc -l <"$d/list")" "0 $want" \
			"round $((r + 1)): the next tern lists the $state mbox beside $leftovers"
	fi
	# Every eighth round (one killed mid-rewrite) a full run goes through beside the leftovers.
	if ((r % 8 == 3)) && [ $state != broken ]; then
		rc=0
		timeout 30 "$TERN" -n -f "$d/box" "${args[@]}" 2>"$d/err" || rc=$?
		if [ $rc = 0 ] && cmp -s "$tmp/new.$act" "$d/box"; then
			ok "round $((r + 1)): a full ${args[*]} afterwards writes the new mbox"
		else
			not_ok "round $((r + 1)): a full ${args[*]} afterwards writes the new mbox" "exit $rc" \
				"$(cat "$d/err")"
		fi
	fi
	rm -rf "$d"
done

diag "$ROUNDS rounds: $killed killed ($midway with a temporary file beside the mbox), $old old, $new new"
if [ $old -gt 0 ] && [ $new -gt 0 ] && [ $midway -gt 0 ]; then
	ok "kills landed before, during and after the rewrite"
else
	not_ok "kills landed before, during and after the rewrite" \
		"old $old, new $new, killed with a temporary file present $midway"
fi

done_testing
