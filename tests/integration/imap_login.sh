#!/usr/bin/env bash
# imap_login.sh - src/imap/session against the private dovecot and the
# hostile proxy, through tests/tools/imap_login: implicit TLS and STARTTLS
# with the test CA, every login mechanism, a wrong password, certificates
# that must be refused (unknown CA, wrong host, expired, self-signed),
# STARTTLS stripped, responses injected before the TLS handshake, PREAUTH
# in cleartext, plaintext login only when the user allows it, and the
# password asked for when $imap_pass is empty.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"

plan 19
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
like "responses injected before the TLS handshake are dropped" '^ok tls=1' \
	"$(run "$H" "$TESTENV_IMAP_INJECT_PORT" "${ca[@]}" "${alice[@]}")"
like "PREAUTH in cleartext is refused when TLS is required" '^error TLS: .*PREAUTH' \
	"$(run "$H" "$TESTENV_IMAP_PREAUTH_PORT" "${ca[@]}" "${alice[@]}")"
# TLS not required and not to be had: a password in the clear is still refused...
like "a cleartext password is refused unless allowed" '^error AUTH: .*unencrypted' \
	"$(run "$H" "$TESTENV_IMAP_STRIP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no" -e "set imap_authenticators=plain:login")"
# ...but CRAM-MD5, which never sends it, may log in.
like "CRAM-MD5 logs in where a cleartext password may not" '^ok tls=0' \
	"$(run "$H" "$TESTENV_IMAP_STRIP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no")"
like "cleartext login when the user allows it" '^ok tls=0' \
	"$(run "$H" "$TESTENV_IMAP_PORT" "${ca[@]}" "${alice[@]}" -e "set ssl_force_tls=no" -e "set ssl_starttls=no")"
out=$(run "$H" "$TESTENV_IMAPS_PORT" --imaps "${ca[@]}" -e "set imap_user=$TESTENV_USER1" --pass-prompt "$TESTENV_PASS1")
if grep -q '^ok tls=1' <<<"$out" && grep -q "^asked: Password for $TESTENV_USER1@$H: \$" "$TESTENV_DIR/stderr"; then
	ok "with no \$imap_pass the password is asked for"
else
	not_ok "with no \$imap_pass the password is asked for" "$out / $(cat "$TESTENV_DIR/stderr")"
fi
