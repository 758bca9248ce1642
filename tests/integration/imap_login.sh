#!/usr/bin/env bash
# imap_login.sh - src/imap/session against the private dovecot and the
# hostile proxy, through tests/tools/imap_login: implicit TLS and STARTTLS
# with the test CA, every login mechanism, a wrong password, certificates
# that must be refused (unknown CA, wrong host, expired, self-signed),
# STARTTLS stripped, responses injected before the TLS handshake, PREAUTH
# in cleartext, plaintext login only when the user allows it, and the
# password asked for when $imap_pass is empty. Then the extensions after
# login: COMPRESS=DEFLATE with dovecot (on by default, off with
# $imap_deflate unset, the bytes it saves on a cold header fetch), and
# against the scripted server (tests/data/imapscript/caps-*.script): ID and
# $imap_send_id, UTF8=ACCEPT (UTF-8 folder names, APPEND's UTF8 form),
# COMPRESS refused, and compressed garbage.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"
. "$top_srcdir/tests/lib/imapscript.sh"

plan 33
LOGIN=$top_builddir/tests/tools/imap_login
[ -x "$LOGIN" ] || bail_out "$LOGIN is missing (make check builds it)"
servers_start TESTENV_SMTP=none
H=$TESTENV_HOST
ca=(-e "set certificate_file=$TESTENV_CA")
alice=(-e "set imap_user=$TESTENV_USER1" -e "set imap_pass=$TESTENV_PASS1")
PLOG=$TESTENV_LOGDIR/hostile-proxy.log

run() { "$LOGIN" "$@" 2>"$TESTENV_DIR/stderr"; }
like() { # NAME REGEX OUTPUT
	if grep -Eq -- "$2" <<<"$3"; then ok "$1"; else not_ok "$1" "got: $3"; fi
}

like "imaps:// with the test CA logs in over TLS" '^ok tls=1 caps=.*IDLE' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" "${alice[@]}")"
like "imap:// upgrades with STARTTLS before logging in" '^ok tls=1' \
	"$(run "$H" "$TESTENV_IMAP_PORT" "${ca[@]}" "${alice[@]}")"
for mech in plain login cram-md5; do
	like "AUTHENTICATE $mech logs in" '^ok tls=1' \
		"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" "${alice[@]}" -e "set imap_authenticators=$mech")"
done
# bob's password has a space, quotes and a backslash: LOGIN's quoting and SASL carry it.
like "a password with a space, quotes and a backslash" '^ok tls=1' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" -e "set imap_user=$TESTENV_USER2" \
		-e "set imap_authenticators=login" -e "set imap_pass='$TESTENV_PASS2'")"
like "a wrong password is refused" '^error AUTH: .*' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" -e "set imap_user=$TESTENV_USER1" -e "set imap_pass=wrong")"
like "an unknown CA is refused" '^error TLS: ' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${alice[@]}" -e "set certificate_file=/dev/null")"
like "a certificate for another host is refused" '^error TLS: ' \
	"$(run "$H" "$TESTENV_BAD_WRONGHOST_PORT" --imaps "${ca[@]}" "${alice[@]}")"
like "an expired certificate is refused" '^error TLS: ' \
	"$(run "$H" "$TESTENV_BAD_EXPIRED_PORT" --imaps "${ca[@]}" "${alice[@]}")"
like "a self-signed certificate is refused" '^error TLS: ' \
	"$(run "$H" "$TESTENV_BAD_SELFSIGNED_PORT" --imaps "${ca[@]}" "${alice[@]}")"
out=$(run "$H" "$TESTENV_IMAP_STRIP_PORT" "${ca[@]}" "${alice[@]}")
like "a server without STARTTLS is refused when TLS is required" '^error TLS: .*STARTTLS' "$out"
if ! grep -q 'CLEARTEXT-AUTH' "$PLOG" 2>/dev/null; then ok "no password crossed the stripped link"; else not_ok "no password crossed the stripped link" "$(grep CLEARTEXT "$PLOG")"; fi
# The proxy sends fake responses with the STARTTLS OK; they must be dropped, not taken as answers.
# After login the proxy relays bytes, so COMPRESS (on by default) goes through it too.
like "responses injected before the TLS handshake are dropped" '^ok tls=1' \
	"$(run "$H" "$TESTENV_IMAP_INJECT_PORT" "${ca[@]}" "${alice[@]}")"
like "PREAUTH in cleartext is refused when TLS is required" '^error TLS: .*PREAUTH' \
	"$(run "$H" "$TESTENV_IMAP_PREAUTH_PORT" "${ca[@]}" "${alice[@]}")"
# TLS not required and not to be had: a password in the clear is still refused...
like "a cleartext password is refused unless allowed" '^error AUTH: .*unencrypted' \
	"$(run "$H" "$TESTENV_IMAP_STRIP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no" -e "set imap_authenticators=plain:login")"
# ...but CRAM-MD5, which never sends it, may log in.
like "CRAM-MD5 logs in where a cleartext password may not (compressed after login)" '^ok tls=0.* deflate=1' \
	"$(run "$H" "$TESTENV_IMAP_STRIP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no")"
like "cleartext login when the user allows it" '^ok tls=0' \
	"$(run "$H" "$TESTENV_IMAP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no" -e "set ssl_starttls=no")"
out=$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" -e "set imap_user=$TESTENV_USER1" --pass-prompt "$TESTENV_PASS1")
if grep -q '^ok tls=1' <<<"$out" && grep -q "^asked: Password for $TESTENV_USER1@$H: \$" "$TESTENV_DIR/stderr"; then
	ok "with no \$imap_pass the password is asked for"
else
	not_ok "with no \$imap_pass the password is asked for" "$out / $(cat "$TESTENV_DIR/stderr")"
fi

# ---- COMPRESS=DEFLATE with dovecot (imap_zlib) ----
like "COMPRESS=DEFLATE is used when dovecot offers it" '^ok tls=1 caps=.*COMPRESS=DEFLATE deflate=1' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" "${alice[@]}")"
like "compression after STARTTLS too" '^ok tls=1 .* deflate=1' \
	"$(run "$H" "$TESTENV_IMAP_PORT" "${ca[@]}" "${alice[@]}")"
like "no compression with \$imap_deflate unset" '^ok tls=1 caps=.*COMPRESS=DEFLATE deflate=0' \
	"$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" "${alice[@]}" -e "set imap_deflate=no")"
python3 "$top_srcdir/tests/servers/make-maildir.py" "$TESTENV_MAILDIR1" --folder Caps --count 2000 \
	--threads 4 >/dev/null 2>&1 || bail_out "make-maildir.py failed"
fetch() { # DEFLATE: a cold header fetch of Caps; prints "in wire_in"
	run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" "${alice[@]}" -e "set imap_deflate=$1" \
		--select Caps --fetch | sed -n 's/^done fetched=2000 bytes in=\([0-9]*\) wire_in=\([0-9]*\) .*/\1 \2/p'
}
read -r zin zwire <<<"$(fetch yes)"
read -r pin pwire <<<"$(fetch no)"
diag "cold fetch of 2000 headers: ${zin:-?} bytes of IMAP, ${zwire:-?} on the wire compressed, ${pwire:-?} without"
if [ -n "$zwire" ] && [ "$zwire" -lt $((zin / 3)) ]; then ok "compressed, the fetch costs under a third of the bytes"; else not_ok "compressed, the fetch costs under a third of the bytes" "$zin $zwire"; fi
if [ -n "$pwire" ] && [ "$pwire" -ge "$pin" ]; then ok "uncompressed, every byte crosses the wire"; else not_ok "uncompressed, every byte crosses the wire" "$pin $pwire"; fi

# ---- the scripted server: ID, UTF8=ACCEPT, COMPRESS refused or broken ----
imapscript_certs
sc=(-e "set certificate_file=$IMAPSCRIPT_CA" -e "set imap_user=u" -e "set imap_pass=p")
msg=$TESTENV_DIR/caps-8bit.eml
printf 'From: J\xc3\xbcrgen <j@example.test>\r\nSubject: Gr\xc3\xbc\xc3\x9fe\r\n\r\nbody\r\n' >"$msg"
imapscript_start caps-utf8
out=$(run 127.0.0.1 "$IMAPSCRIPT_PORT" --imaps "${sc[@]}" --log "$TESTENV_DIR/caps.log" \
	--append "Entwürfe" "$msg" --select "Entwürfe")
like "after COMPRESS refused, ID and ENABLE UTF8=ACCEPT the session is in UTF-8 mode" '^ok tls=1 .*deflate=0 utf8=1' "$out"
like "APPEND in the UTF8 form and SELECT by a UTF-8 name" '^done ' "$out"
if imapscript_wait 10; then ok "the UTF-8 script passed (ID sent, names in UTF-8, UTF8 (~{58}))"; else not_ok "the UTF-8 script passed" "$(tail -3 "$IMAPSCRIPT_TRANSCRIPT")"; fi
ver=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
if grep -q "C a[0-9]* ID (\"name\" \"tern\" \"version\" \"$ver\")" "$IMAPSCRIPT_TRANSCRIPT"; then ok "ID says tern $ver and nothing more"; else not_ok "ID says tern $ver and nothing more" "$(grep ' ID ' "$IMAPSCRIPT_TRANSCRIPT")"; fi
if grep -q '\[debug\] imap: server ID: name=imapscript, vendor=' "$TESTENV_DIR/caps.log" && ! grep -q $'\e' "$TESTENV_DIR/caps.log"; then
	ok "the server's ID is logged at debug level, without its escape sequence"
else
	not_ok "the server's ID is logged at debug level, without its escape sequence" "$(grep 'server ID' "$TESTENV_DIR/caps.log" | cat -v)"
fi
imapscript_start caps-plain
out=$(run 127.0.0.1 "$IMAPSCRIPT_PORT" --imaps "${sc[@]}" -e "set imap_send_id=no" --select "Entwürfe")
like "without ENABLE the name goes in modified UTF-7" '^ok tls=1 .*utf8=0' "$out"
if imapscript_wait 10; then ok "no ID with \$imap_send_id unset"; else not_ok "no ID with \$imap_send_id unset" "$(tail -3 "$IMAPSCRIPT_TRANSCRIPT")"; fi
imapscript_start caps-garbage
out=$(run 127.0.0.1 "$IMAPSCRIPT_PORT" --imaps "${sc[@]}" --select INBOX)
like "compressed garbage ends the session with a clear error" '^error PROTO: .*does not inflate' "$out"
if imapscript_wait 10; then ok "and the connection is closed"; else not_ok "and the connection is closed" "$(tail -3 "$IMAPSCRIPT_TRANSCRIPT")"; fi
