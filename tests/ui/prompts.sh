#!/usr/bin/env bash
# prompts.sh - the index's prompts and screens as a person uses them in
# tmux, on a copy of the demo Maildir: limit narrows the index, search finds
# a message, tag-pattern and save move the tagged messages to another
# folder, the `:` prompt runs an rc command, the help screen lists a binding
# and a macro from the rc file, and a resize to 40x10 and back redraws.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

plan 14

tmp=$(tap_tmpdir)
cp -R "$top_srcdir/contrib/demo" "$tmp/mail"
chmod -R u+w "$tmp/mail"
total=$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)
odile=$("$TERN" -n -e 'set sort=mailbox-order' -f "$tmp/mail" --list --limit='~f Odile' | wc -l)
[ "$odile" -gt 1 ] || bail_out "the demo folder has no messages from Odile"
cat >"$tmp/rc" <<'EOF'
set sort=mailbox-order
set quit=yes
set delete=yes
macro index Y "<limit>~N<enter>" "show the new messages"
bind index Z what-key
EOF

ui_start -x 100 -y 30 -- "$TERN" -n -F "$tmp/rc" -f "$tmp/mail"
ui_wait "Msgs:$total[] ]" 10 || bail_out "tern did not show the folder"

# limit narrows the index; "all" shows everything again.
ui_keys l
ui_type '~f Odile'
ui_keys Enter
if ui_wait "Msgs:$odile/$total[] ]" 5 && [ "$(ui_screen | grep -cE '^ +[0-9]+ ')" -eq "$odile" ] &&
	[ "$(ui_screen | grep -E '^ +[0-9]+ ' | grep -vc 'Odile')" -eq 0 ]; then
	ok "limit ~f Odile shows only her $odile messages"
else
	not_ok "limit ~f Odile shows only her $odile messages" "$(ui_screen | tail -3)"
fi
ui_keys l C-u
ui_type 'all'
ui_keys Enter
if ui_wait "Msgs:$total[] ]" 5; then ok "limit all shows every message again"; else not_ok "limit all shows every message again"; fi

# A macro from the rc file that answers a prompt: limit to new messages.
new=$("$TERN" -n -F "$tmp/rc" -f "$tmp/mail" --list --limit='~N' | wc -l)
ui_keys Y
if ui_wait "Msgs:$new/$total[] ]" 5; then ok "a macro runs <limit> and answers its prompt ($new new)"; else not_ok "a macro runs <limit> and answers its prompt ($new new)"; fi
ui_keys l C-u
ui_type 'all'
ui_keys Enter
ui_wait "Msgs:$total[] ]" 5 >/dev/null

# search: / finds the Greek message; Enter shows it.
ui_keys /
ui_type 'Θεσσαλονίκη'
ui_keys Enter Enter
if ui_wait '^Subject: Φωτογραφίες από τη Θεσσαλονίκη' 5; then ok "/ finds a message by its subject"; else not_ok "/ finds a message by its subject"; fi
ui_keys q
ui_wait "Msgs:" 5 >/dev/null

# The `:` prompt runs an rc command.
ui_type ':'
ui_type 'set sort=reverse-date'
ui_keys Enter
if ui_wait '\(reverse-date/' 5; then ok ": set sort=reverse-date re-sorts the index"; else not_ok ": set sort=reverse-date re-sorts the index"; fi
ui_type ':'
ui_type 'set sort=mailbox-order'
ui_keys Enter
ui_wait '\(mailbox-order/' 5 >/dev/null

# tag-pattern, then ;s saves the tagged messages to another folder and marks them deleted.
ui_keys T
ui_type '~f Odile'
ui_keys Enter
if ui_wait "Tag:$odile " 5; then ok "T tags the $odile matching messages"; else not_ok "T tags the $odile matching messages"; fi
ui_type '\;'
ui_keys s
if ui_wait 'Save tagged to mailbox: ' 5; then ok ";s asks where to save the tagged messages"; else not_ok ";s asks where to save the tagged messages"; fi
ui_keys C-u
ui_type "$tmp/saved.mbox"
ui_keys Enter
if ui_wait "$odile messages saved" 5 && [ "$(grep -c '^From ' "$tmp/saved.mbox")" -eq "$odile" ]; then
	ok "the $odile tagged messages are in the new mbox"
else
	not_ok "the $odile tagged messages are in the new mbox" "$(grep -c '^From ' "$tmp/saved.mbox" 2>&1)"
fi
if ui_wait "Del:$odile " 5; then ok "saved messages are marked deleted"; else not_ok "saved messages are marked deleted"; fi
ui_keys '$'
if ui_wait "Msgs:$((total - odile))[] ]" 10 &&
	[ "$(find "$tmp/mail/cur" "$tmp/mail/new" -type f ! -name '.*' | wc -l)" -eq $((total - odile)) ]; then
	ok "after sync the saved messages are gone from the Maildir (moved, not copied)"
else
	not_ok "after sync the saved messages are gone from the Maildir (moved, not copied)"
fi

# The help screen lists the rc file's macro (with its description) and binding.
# Page through the help screen (Space) until re matches, at most 15 pages.
in_pages() {
	for _ in $(seq 15); do
		ui_screen | grep -Eq -- "$1" && return 0
		ui_keys Space
		sleep 0.1
	done
	return 1
}
ui_keys '?'
if ui_wait '^Help for index' 5 && in_pages 'show the new messages' && ui_keys '?' &&
	ui_wait '^Help for index' 5 && in_pages '^Z +what-key'; then
	ok "help lists the rc file's macro and binding"
else
	not_ok "help lists the rc file's macro and binding"
fi
ui_keys q
ui_wait "Msgs:" 5 >/dev/null

# Resize to 40x10 and back: the status bar is on the second last row both times.
ui_tmux_ resize-window -t "$UI_SESSION" -x 40 -y 10
if ui_wait "tern:" 5 && [ "$(ui_screen | wc -L)" -le 40 ] &&
	ui_tmux_ capture-pane -p -t "$UI_SESSION" | sed -n 9p | grep -q 'tern'; then
	ok "at 40x10 the index and status bar fit"
else
	not_ok "at 40x10 the index and status bar fit" "$(ui_screen)"
fi
ui_tmux_ resize-window -t "$UI_SESSION" -x 100 -y 30
if ui_wait "Msgs:$((total - odile))[] ]" 5 &&
	ui_tmux_ capture-pane -p -t "$UI_SESSION" | sed -n 29p | grep -q "Msgs:$((total - odile))"; then
	ok "back at 100x30 the status bar is on row 29 again"
else
	not_ok "back at 100x30 the status bar is on row 29 again" "$(ui_screen)"
fi
ui_keys q
is "$(ui_wait_exit 10)" 0 "q quits"
