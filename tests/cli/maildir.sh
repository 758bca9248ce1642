#!/usr/bin/env bash
# maildir.sh - the Maildir backend through the program: a folder with stray
# files (dot files, a directory, a FIFO, an empty file, a name of no unique
# form) lists the right messages; --read moves a new message to cur/ with
# S ($mark_old ages the others, or not); --delete unlinks, or only adds T
# with $maildir_trash; --copy delivers through tmp/ to cur/ with the
# letters; a warm open takes every envelope from the header cache; a
# missing folder fails clearly.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

plan 18

tmp=$(tap_tmpdir)
home=$tmp/home
mkdir -p "$home"
tern() {
	env -i PATH="$PATH" HOME="$home" LANG=C.UTF-8 TZ=UTC "$top_builddir/tern" -n -F /dev/null "$@" 2>"$tmp/stderr"
}

msg() { # path subject
	printf 'From: Ann <ann@example.org>\nSubject: %s\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <%s@example.org>\n\nbody of %s\n' \
		"$2" "$2" "$2" >"$1"
}

# A folder of three messages, cur/ one read, new/ two unread.
fresh_box() {
	rm -rf "$tmp/box"
	mkdir -p "$tmp/box/cur" "$tmp/box/new" "$tmp/box/tmp"
	msg "$tmp/box/cur/1700000001.A.test:2,S" alpha
	msg "$tmp/box/new/1700000002.B.test" beta
	msg "$tmp/box/new/1700000003.C.test" gamma
}

# ---- stray files
fresh_box
: >"$tmp/box/cur/1700000004.D.test:2,S"
msg "$tmp/box/cur/odd name" odd
msg "$tmp/box/cur/.hidden" hidden
msg "$tmp/box/new/.dovecot.lock" lock
mkdir "$tmp/box/cur/adir" "$tmp/box/new/1700000005.E.test"
mkfifo "$tmp/box/new/1700000006.F.test"
out=$(tern -f "$tmp/box" --list --format='[%s]')
check "stray files: --list succeeds" test $? -eq 0
is "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "[] [alpha] [beta] [gamma] [odd] " \
	"stray files: the regular files are the messages, the empty one included"
tern -f "$tmp/box" --show=3 >"$tmp/show"
check "the empty message shows" test $? -eq 0
rm -rf "$tmp/box"

# ---- --read: new -> cur with S
fresh_box
tern -f "$tmp/box" -e 'unset mark_old' --limit='~s beta' --read
check "--read succeeds" test $? -eq 0
check "--read: beta is in cur/ with S" test -f "$tmp/box/cur/1700000002.B.test:2,S"
check "--read: without \$mark_old gamma stays in new/" test -f "$tmp/box/new/1700000003.C.test"
fresh_box
tern -f "$tmp/box" --limit='~s beta' --read
check "--read: with \$mark_old gamma is old in cur/" test -f "$tmp/box/cur/1700000003.C.test:2,"
is "$(tern -f "$tmp/box" --list --format='%Z%s' | tr -d ' ' | tr '\n' ' ')" "alpha beta Ogamma " \
	"the flags read back"

# ---- --delete
fresh_box
tern -f "$tmp/box" --limit='~s alpha' --delete
check "--delete succeeds" test $? -eq 0
is "$(find "$tmp/box" -type f | wc -l)" 2 "--delete: the file is gone"
fresh_box
tern -f "$tmp/box" -e 'set maildir_trash' --limit='~s alpha' --delete
check "--delete with \$maildir_trash: the file has T" test -f "$tmp/box/cur/1700000001.A.test:2,ST"
is "$(tern -f "$tmp/box" --list --format='%Z%s' | tr -d ' ' | head -1)" "Dalpha" \
	"--delete with \$maildir_trash: it reads back deleted"

# ---- --copy to a new Maildir
fresh_box
tern -f "$tmp/box" -e 'set mbox_type=Maildir' --limit='~s alpha' --copy="$tmp/copy"
check "--copy to a new Maildir succeeds" test $? -eq 0
copied=$(cd "$tmp/copy" && find cur new tmp -type f)
check "--copy: one file, in cur/ with S and its size" \
	bash -c "[[ '$copied' =~ ^cur/[0-9]+\\.M[0-9]+P[0-9]+Q[0-9]+\\.[^/:]+,S=$(stat -c %s "$tmp/box/cur/1700000001.A.test:2,S"):2,S$ ]]"

# ---- the header cache: a warm open reads no message file
fresh_box
hc="set header_cache=$tmp/hc/"
cold=$(tern -f "$tmp/box" -e "$hc" --list --format='%s|%f|%c')
for f in "$tmp"/box/cur/* "$tmp"/box/new/*; do
	size=$(stat -c %s "$f")
	cp -p "$f" "$tmp/stamp"
	head -c "$size" /dev/zero | tr '\0' Z >"$f"
	touch -r "$tmp/stamp" "$f"
done
warm=$(tern -f "$tmp/box" -e "$hc" --list --format='%s|%f|%c')
is "$warm" "$cold" "a warm open gives the cold open's envelopes, from the cache"
check "the cache is where \$header_cache says" bash -c "ls '$tmp/hc/' | grep -q ."

# ---- errors
tern -f "$tmp/nowhere" --list >/dev/null
check "a missing folder fails" test $? -ne 0
check "with a message naming it" grep -q nowhere "$tmp/stderr"
