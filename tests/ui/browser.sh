#!/usr/bin/env bash
# browser.sh - the folder browser as a person uses it: the mailboxes list
# with new and total counts (-y), Tab to $folder's directory, entering a
# directory and going up, change-dir, enter-mask, the full path with @, and
# selecting a mailbox to open it.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 12

tmp=$(tap_tmpdir)
m=$tmp/mail
mkdir -p "$m"/{inbox,lists,.secret}/{cur,new,tmp} "$m/archive"
for b in inbox lists; do
	for i in 1 2; do
		printf 'From: a@example.org\nSubject: %s %s\nDate: Mon, 2 Mar 2026 10:00:0%s +0000\n\nx\n' \
			"$b" "$i" "$i" >"$m/$b/cur/$i.x:2,S"
	done
done
printf 'From: a@example.org\nSubject: new one\n\nx\n' >"$m/inbox/new/9.x"
printf 'From a@example.org Mon Mar  2 10:00:00 2026\nFrom: a@example.org\nSubject: old\n\nx\n\n' >"$m/archive/old"
echo notes >"$m/notes.txt"
printf 'set folder=%s\nset sort=date\nmailboxes =inbox =lists\n' "$m" >"$tmp/rc"

row_of() { ui_screen | grep -nE "$1" | head -1 | cut -d: -f1; }
# Put the cursor on the row matching $1 (the list starts on screen row 2).
go_to() {
	local r
	r=$(row_of "$1") || return 1
	[ -n "$r" ] || return 1
	ui_keys Home
	for _ in $(seq 3 "$r"); do ui_keys Down; done
}
check() { # NAME REGEX...
	local name=$1 re
	shift
	for re; do
		if ! ui_wait "$re" 5 >/dev/null; then
			not_ok "$name" "/$re/ not on screen
$(ui_screen)"
			return
		fi
	done
	ok "$name"
}

ui_start -x 100 -y 20 -- "$TERN" -n -F "$tmp/rc" -y
check "-y lists the mailboxes with new and total counts" '^ *1 +1 +3 =inbox$' '^ *2 +2 =lists$' '^-- Mailboxes \[2\]'
ui_keys Tab
check "Tab lists \$folder's directory, without hidden entries" "Directory: $m \[" ' archive/$' ' inbox/$' ' notes\.txt$'
if ! ui_screen | grep -q 'secret'; then ok "\$mask hides .secret"; else not_ok "\$mask hides .secret" "$(ui_screen)"; fi
go_to ' archive/$'
ui_keys Enter
check "Enter on a directory lists it" "Directory: $m/archive \[2\]" ' old$'
go_to ' \.\./$'
ui_keys Enter
ui_wait "Directory: $m \[" 5 >/dev/null
ui_keys @
check "going up puts the cursor on the directory we came from (@ shows its path)" "^$m/archive\$"
ui_keys c
ui_wait '^Chdir to: ' 5 >/dev/null
ui_keys C-u
ui_type '=archive'
ui_keys Enter
check "change-dir lists the directory typed (=: \$folder)" "Directory: $m/archive \[2\]"
ui_keys m
ui_wait '^File Mask: ' 5 >/dev/null
ui_keys C-u
ui_type '^x'
ui_keys Enter
check "enter-mask hides the entries it does not match (.. too, as in mutt)" "Directory: $m/archive \\[0\\]"
ui_keys m
ui_wait '^File Mask: ' 5 >/dev/null
ui_keys C-u
ui_type '.'
ui_keys Enter
check "a new mask shows them again" "Directory: $m/archive \[2\]" ' old$'
ui_keys Tab
ui_wait '^-- Mailboxes' 5 >/dev/null
go_to '=lists$'
ui_keys Enter
check "selecting a mailbox opens it" 'Msgs:2[^0-9]' 'lists 2'
ui_keys y
check "y in the index lists the mailboxes again (browse-mailboxes)" '^-- Mailboxes \[2\]' '^ *1 +1 +3 =inbox$'
go_to '=inbox$'
ui_keys Enter
check "and opens the one chosen" 'Msgs:3[^0-9]'
ui_keys q
is_exit=$(ui_wait_exit 10)
if [ "$is_exit" = 0 ]; then ok "q leaves tern"; else not_ok "q leaves tern" "exit status '$is_exit'"; fi
