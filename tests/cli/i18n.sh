#!/usr/bin/env bash
# i18n.sh - user-visible strings go through gettext: with the German catalog
# from po/ compiled into a private locale directory, tern speaks German, and
# without it, English.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"

plan 4
tmp=$(tap_tmpdir)
mkdir -p "$tmp/de/LC_MESSAGES"
check "the German catalog compiles" msgfmt -c -o "$tmp/de/LC_MESSAGES/tern.mo" "$top_srcdir/po/de.po"

# With no folder at all ($spoolfile emptied), tern says so.
out=$(env -i PATH="$PATH" LANG=C.UTF-8 LANGUAGE=de TERN_LOCALEDIR="$tmp" "$top_builddir/tern" -n -e 'set spoolfile=""' --list 2>&1)
is "$out" "tern: kein Ordner angegeben (-f ORDNER verwenden oder \$MAIL setzen)" "tern speaks German with LANGUAGE=de"

out=$(env -i PATH="$PATH" LANG=C.UTF-8 TERN_LOCALEDIR="$tmp" "$top_builddir/tern" -n -e 'set spoolfile=""' --list 2>&1)
is "$out" "tern: no folder given (use -f FOLDER or set \$MAIL)" "and English without it"

# Every source file with a translatable string is in po/POTFILES.in, so
# xgettext sees all of them.
missing=$(cd "$top_srcdir" && grep -lE '\<N?_\("' src/*.c src/*/*.c | while read -r f; do
	grep -qx "$f" po/POTFILES.in || echo "$f"
done)
is "$missing" "" "po/POTFILES.in lists every file with _() or N_() strings"
