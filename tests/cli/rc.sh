#!/usr/bin/env bash
# rc.sh - the command line and the rc files as a mutt user drives them:
# mutt's own sample configurations load without an error, -D reads back to
# the same dump, -Q/-D report rc errors in their exit status, the rc file
# search order, -e, -A, -z, -Z and -v.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

plan 25

tmp=$(tap_tmpdir)
home=$tmp/home
mkdir -p "$home"
# A clean, private environment: no rc file is found by accident.
tern() {
	env -i PATH="$PATH" HOME="$home" LANG=C.UTF-8 TZ=UTC "$top_builddir/tern" "$@"
}

# ---- mutt's samples (Debian's mutt package; ./quickstart test installs it)
examples=/usr/share/doc/mutt/examples
for f in Muttrc sample.muttrc; do
	if [ ! -r "$examples/$f" ]; then
		not_ok "mutt's $f loads without errors" "$examples/$f is missing: install the Debian package mutt"
		continue
	fi
	: >"$home/.muttrc-local" # sample.muttrc sources it
	if tern -n -F "$examples/$f" -D >"$tmp/dump" 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
		ok "mutt's $f loads without errors"
	else
		not_ok "mutt's $f loads without errors" "$(cat "$tmp/err")"
	fi
	tern -n -F "$tmp/dump" -D >"$tmp/dump2" 2>"$tmp/err2"
	if cmp -s "$tmp/dump" "$tmp/dump2" && [ ! -s "$tmp/err2" ]; then
		ok "-D of $f reads back to the same dump ($(wc -l <"$tmp/dump") lines)"
	else
		not_ok "-D of $f reads back to the same dump" "$(diff "$tmp/dump" "$tmp/dump2" | head -20)" "$(cat "$tmp/err2")"
	fi
done
is "$(tern -n -F "$examples/sample.muttrc" -Q sort -Q index_format -Q mark_old 2>&1)" \
	"$(printf 'sort=threads\nindex_format="%%4C %%Z %%{%%m/%%d} %%-15.15F (%%4c) %%s"\nmark_old is unset')" \
	"-Q shows what sample.muttrc set, in mutt's form"

# ---- errors: reported with file and line, the rest still loads, -Q/-D exit 1
cat >"$tmp/bad" <<'EOF'
set sort=threads
set nosuchvar=1
set pager_context=many
nosuchcommand x
set pager_index_lines=7
EOF
tern -n -F "$tmp/bad" -Q pager_index_lines >"$tmp/out" 2>"$tmp/err"
st=$?
is "$st" 1 "-Q exits 1 when an rc file had an error"
is "$(cat "$tmp/out")" "pager_index_lines=7" "the rest of the file still loads after errors"
if grep -q "^Error in $tmp/bad, line 2: .*nosuchvar" "$tmp/err" &&
	grep -q "^Error in $tmp/bad, line 3: .*pager_context" "$tmp/err" &&
	grep -q "^Error in $tmp/bad, line 4: .*nosuchcommand" "$tmp/err"; then
	ok "each error names the file, the line and the culprit"
else
	not_ok "each error names the file, the line and the culprit" "$(cat "$tmp/err")"
fi
tern -n -F "$tmp/bad" -D >/dev/null 2>&1
is "$?" 1 "-D exits 1 when an rc file had an error (a config can be checked from a script)"
tern -n -F "$examples/sample.muttrc" -D >/dev/null 2>&1
is "$?" 0 "-D exits 0 for a clean config"
tern -n -Q nosuchvar >/dev/null 2>&1
is "$?" 1 "-Q of an unknown variable exits 1"

# ---- the round trip over every kind of value
cat >"$tmp/all" <<'EOF'
set realname="Zoë \"Z\" O'Brien"  # quotes of both kinds
set signature='~/sig $HOME `x`'
set attribution="On %d, %n wrote:\n> ;#"
set pager_context=3 noallow_8bit invhelp
set abort_nosubject=ask-no sort=reverse-last-date-received sort_aux=last-date
set quote_regexp="^([ \t]*[|>])+" mask="!^\\.[^.]"
set from="Zoë O'Brien <zoe@example.org>" mbox_type=Maildir to_chars="→●○✉"
set my_thing="x y"
alias team Ann <ann@example.org>, bob@example.org
ignore *
unignore from: subject date
hdr_order date from subject
lists ^dev@example\.org$
subscribe ^announce@example\.org$
folder-hook . 'set sort=threads'
folder-hook !work 'set pager_index_lines=5'
color index brightred default ~F
color header green default "^(From|Subject):"
mono bold underline
bind index gg first-entry
bind pager G bottom
macro index \cb "<pipe-message>urlview<enter>" "follow links"
mailboxes =inbox =lists/dev
my_hdr X-Face: ...
auto_view text/html
alternative_order text/plain text/html
attachments +A */.*
EOF
tern -n -e 'set folder=/mail' -F "$tmp/all" -D >"$tmp/d1" 2>"$tmp/err"
tern -n -F "$tmp/d1" -D >"$tmp/d2" 2>>"$tmp/err"
if [ ! -s "$tmp/err" ] && cmp -s "$tmp/d1" "$tmp/d2"; then
	ok "-D reads back to the same dump for values of every type, lists, hooks, colours, keys"
else
	not_ok "-D reads back to the same dump for values of every type, lists, hooks, colours, keys" \
		"$(cat "$tmp/err")" "$(diff "$tmp/d1" "$tmp/d2" | head -20)"
fi
is "$(tern -n -F "$tmp/d1" -Q realname -Q my_thing 2>&1)" \
	"$(printf '%s\n%s' 'realname="Zoë \"Z\" O'"'"'Brien"' 'my_thing="x y"')" \
	"values with quotes and \$my_ variables survive the dump"
if grep -q 'bind index gg first-entry' "$tmp/d1" && grep -q 'macro index' "$tmp/d1" &&
	grep -q 'folder-hook' "$tmp/d1" && grep -qi 'color index' "$tmp/d1"; then
	ok "the dump holds bindings, macros, hooks and colours"
else
	not_ok "the dump holds bindings, macros, hooks and colours" "$(cat "$tmp/d1")"
fi
if grep -q '^set pager_context' "$tmp/d1" && ! grep -q '^set beep' "$tmp/d1"; then
	ok "the dump holds changed settings only"
else
	not_ok "the dump holds changed settings only" "$(head -20 "$tmp/d1")"
fi

# ---- rc file search order and -e
mkdir -p "$home/.config/tern"
echo 'set pager_context=11' >"$home/.ternrc"
is "$(tern -Q pager_context 2>&1)" "pager_context=11" "~/.ternrc is read when there is no XDG file"
echo 'set pager_context=22' >"$home/.config/tern/ternrc"
is "$(tern -Q pager_context 2>&1)" "pager_context=22" "\$XDG_CONFIG_HOME/tern/ternrc (default ~/.config) comes first"
echo 'set pager_context=33' >"$tmp/f"
is "$(tern -F "$tmp/f" -Q pager_context 2>&1)" "pager_context=33" "-F replaces the user's rc file"
is "$(tern -F "$tmp/f" -e 'set pager_context=44' -e 'set pager_context+=1' -Q pager_context 2>&1)" \
	"pager_context=45" "-e commands run after the rc files, in order"
rm -rf "$home/.config" "$home/.ternrc"

# ---- -A, -v, -z, -Z, the unimplemented summary
is "$(tern -n -F "$tmp/all" -e 'alias zoe zoe@example.org (Zoë O. Brien)' -A team -A zoe -A nobody 2>&1)" \
	"$(printf '%s\n%s\n%s' 'Ann <ann@example.org>, bob@example.org' 'Zoë O. Brien <zoe@example.org>' nobody)" \
	"-A prints an alias's addresses as mutt does (and a non-alias as itself)"
is "$(tern -n -e 'echo hello there' -e 'set pager_context?' -Q pager_context 2>&1)" \
	"$(printf '%s\n%s\n%s' 'hello there' 'pager_context=0' 'pager_context=0')" \
	"-e prints what echo and set ...? say"
if tern -v | grep -q '^tern [0-9]' && tern -v | grep -q 'ncursesw.*OpenSSL.*LMDB.*libidn2.*utf8proc.*zlib'; then
	ok "-v prints the version and the libraries built in"
else
	not_ok "-v prints the version and the libraries built in" "$(tern -v 2>&1)"
fi
mkdir -p "$tmp/empty"/{cur,new,tmp} "$tmp/newbox"/{cur,new,tmp}
printf 'Subject: hi\n\nbody\n' >"$tmp/newbox/new/1.x"
tern -n -f "$tmp/empty" -z --list >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" = 1 ] && grep -q 'no mail' "$tmp/err"; then ok "-z on an empty folder exits 1 saying so"; else not_ok "-z on an empty folder exits 1 saying so" "status $st: $(cat "$tmp/err")"; fi
out=$(tern -n -e "mailboxes $tmp/empty $tmp/newbox" -Z --list 2>&1)
if [[ $out =~ ^\ +1\ N\ .*\)\ hi$ ]]; then
	ok "-Z opens the first mailbox with new mail"
else
	not_ok "-Z opens the first mailbox with new mail" "$out"
fi
tern -n -e 'set ssl_use_sslv3=yes' -e 'set pgp_autosign' -f "$tmp/newbox" --list >/dev/null 2>"$tmp/err"
# (named as written, though pgp_autosign is mutt's old name for crypt_autosign)
if [ "$(grep -c 'not implemented' "$tmp/err")" = 1 ] && grep -q 'ssl_use_sslv3' "$tmp/err" && grep -q 'pgp_autosign' "$tmp/err"; then
	ok "one summary line names the accepted but unimplemented variables"
else
	not_ok "one summary line names the accepted but unimplemented variables" "$(cat "$tmp/err")"
fi
