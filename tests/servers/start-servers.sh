#!/usr/bin/env bash
# start-servers.sh -- throw-away mail servers on 127.0.0.1 for tern's integration and UI tests.
#
#   Dovecot (IMAP + POP3, plain/STARTTLS and implicit TLS), an SMTP submission
#   server (private Postfix instance delivering into the Dovecot Maildirs, or an
#   aiosmtpd fallback), and a small "hostile" TLS/STARTTLS proxy (bad certs,
#   STARTTLS stripping, STARTTLS response injection, PREAUTH greeting, cut connections).
#
# No systemd, no system config touched, nothing bound outside 127.0.0.1, only free high ports.
# Everything lives in one directory (TESTENV_DIR, default: mktemp -d /tmp/tern-servers-XXXXXX).
# Adapted from a verified recipe; tests/servers/README.md lists the pitfalls it handles.
#
# Usage:  eval "$(tests/servers/start-servers.sh)"     # or: ... > env.sh; . env.sh
#         ... run tests ...
#         tests/servers/stop-servers.sh "$TESTENV_DIR"
# (tests/lib/servers.sh does exactly this for a test script, with a trap on EXIT.)
#
# stdout: only "export NAME=value" lines (also written to $TESTENV_DIR/servers.env)
# stderr: progress and timings.   Exit status != 0 if anything failed to start; then nothing
#         of this instance is left running.
#
# Environment knobs (all optional):
#   TESTENV_DIR=/tmp/foo           directory to use (created; must not hold a running instance).
#                                  Only a directory this script created is removed by stop-servers.sh.
#   TESTENV_PORT_BASE=NNNNN        first port (default: random free block in 20000..59999; on a
#                                  port clash at start-up another block is tried, up to 3 times)
#   TESTENV_SMTP=auto|postfix|aiosmtpd|none
#                                  auto = postfix when root and installed, else aiosmtpd
#   TESTENV_PROXY=1|0              start the hostile TLS/STARTTLS proxy (default 1)
#   TESTENV_RAWLOG=0|1             dovecot rawlog of every post-login IMAP/POP3 session (default 0)
#   TESTENV_MAIL_USER=nobody       (root only) uid/gid that owns the Maildirs; must not be root
#   TESTENV_KEY=ec|rsa             key type of the generated CA and certs (default ec, P-256)
#   TESTENV_MAX_MSG=104857600      SMTP max message size in bytes (default 100 MiB)
#   TESTENV_CUT_AFTER=65536        the IMAP "cut" proxy port drops the connection after this many
#                                  bytes from the server (fault test: connection lost mid-FETCH)
#   TESTENV_SEED=1|0               put sample messages and folders into the mailboxes (default 1)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3            # Debian's python: python3-aiosmtpd is not visible to a pyenv/venv python
PATH=$PATH:/usr/sbin:/sbin     # dovecot lives in /usr/sbin, which a non-root PATH may lack
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
log() { echo "servers: $*" >&2; }
die() {
  echo "servers: ERROR: $*" >&2
  # never leave half an instance running: stop whatever was started, keep the logs
  if [ -n "${D:-}" ] && [ -s "$D/pids" ]; then "$HERE/stop-servers.sh" "$D" --keep || true; fi
  # Another process may have taken a port of our block between the check and the bind (tests
  # run in parallel): try a fresh block, unless the caller chose the ports.
  if [ -z "${TESTENV_PORT_BASE:-}" ] && [ "${TESTENV_ATTEMPT_:-1}" -lt 3 ] && [ -n "${D:-}" ] \
     && grep -qs -e 'Address already in use' -e 'address already in use' "$D"/log/*.log; then
    log "port clash, retrying with another port block"
    rm -rf "$D/tls" "$D/dovecot" "$D/log" "$D/mail" "$D/postfix" "$D/pids" "$D/servers.env"
    TESTENV_ATTEMPT_=$(( ${TESTENV_ATTEMPT_:-1} + 1 )) TESTENV_DIR=$D exec "$0"
  fi
  exit 1
}
T0=$(now_ms)

# ----------------------------------------------------------------- layout
if [ -n "${TESTENV_DIR:-}" ]; then
  D=$TESTENV_DIR
  if [ ! -e "$D" ]; then mkdir -p "$D" && : > "$D/.owned"; fi
  [ -s "$D/pids" ] && { D=""; die "$TESTENV_DIR/pids exists: stop that instance first (stop-servers.sh $TESTENV_DIR), or unset TESTENV_DIR"; }
else
  # /tmp, not $TMPDIR: dovecot's unix sockets live below this directory (108-byte path limit)
  D=$(mktemp -d /tmp/tern-servers-XXXXXX)
  : > "$D/.owned"   # tells stop-servers.sh that the whole directory is ours to remove
fi
D=$(cd "$D" && pwd)
# mail processes (uid nobody when root) must be able to traverse the path to their Maildir
chmod 0711 "$D"
mkdir -p "$D/tls" "$D/dovecot/run" "$D/dovecot/state" "$D/log" "$D/mail"
: > "$D/pids"

ME_UID=$(id -u); ME_GID=$(id -g); ME_USER=$(id -un); ME_GROUP=$(id -gn)
if [ "$ME_UID" = 0 ]; then
  ROOTLESS=0
  MAIL_USER=${TESTENV_MAIL_USER:-nobody}
  MAIL_UID=$(id -u "$MAIL_USER"); MAIL_GID=$(id -g "$MAIL_USER")
  [ "$MAIL_UID" != 0 ] || die "TESTENV_MAIL_USER must not be root (dovecot refuses mail access as uid 0)"
else
  ROOTLESS=1
  MAIL_USER=$ME_USER; MAIL_UID=$ME_UID; MAIL_GID=$ME_GID
fi

# ----------------------------------------------------------------- ports
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
NPORTS=21
# listening TCP ports, one call (ss from iproute2); the /dev/tcp probe below is the fallback
LISTENING=" $(ss -Hltn 2>/dev/null | awk '{n=split($4,a,":"); printf "%s ", a[n]}') "
block_free() { # $1=base
  local i
  for ((i = 0; i < NPORTS; i++)); do
    if command -v ss >/dev/null; then [[ "$LISTENING" == *" $(($1 + i)) "* ]] && return 1
    else port_busy $(($1 + i)) && return 1; fi
  done
  return 0
}
pick_base() {
  local base tries=0
  while :; do
    base=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    base=$(( base - base % 32 ))
    block_free "$base" && { echo "$base"; return; }
    tries=$((tries + 1)); [ $tries -lt 50 ] || die "no free port block found"
  done
}
BASE=${TESTENV_PORT_BASE:-$(pick_base)}
IMAP_PORT=$BASE;            IMAPS_PORT=$((BASE + 1))
POP3_PORT=$((BASE + 2));    POP3S_PORT=$((BASE + 3))
SUBMISSION_PORT=$((BASE + 4))   # STARTTLS, AUTH only after TLS
SUBMISSIONS_PORT=$((BASE + 5))  # implicit TLS (RFC 8314)
SMTP_PLAINAUTH_PORT=$((BASE + 6))  # AUTH offered without TLS (negative tests: client must refuse)
# hostile proxy ports
BAD_WRONGHOST_PORT=$((BASE + 10)); BAD_EXPIRED_PORT=$((BASE + 11)); BAD_SELFSIGNED_PORT=$((BASE + 12))
IMAP_STRIP_PORT=$((BASE + 13)); IMAP_INJECT_PORT=$((BASE + 14)); IMAP_PREAUTH_PORT=$((BASE + 15))
POP3_STRIP_PORT=$((BASE + 16)); POP3_INJECT_PORT=$((BASE + 17))
SMTP_STRIP_PORT=$((BASE + 18)); SMTP_INJECT_PORT=$((BASE + 19))
IMAP_CUT_PORT=$((BASE + 20))    # relays to IMAP, drops the connection after TESTENV_CUT_AFTER server bytes
block_free "$BASE" || { [ -n "${TESTENV_PORT_BASE:-}" ] || echo "Address already in use" >> "$D/log/ports.log"; die "a port in $BASE..$((BASE + NPORTS - 1)) is already in use"; }

# ----------------------------------------------------------------- TLS material
T_TLS0=$(now_ms)
genkey() {
  if [ "${TESTENV_KEY:-ec}" = rsa ]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
  else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; fi
  chmod 0600 "$1"
}
(
  cd "$D/tls"
  genkey ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=testenv/CN=testenv CA $(basename "$D")" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt 2>/dev/null
  # leaf: $1=name $2=SAN
  leaf() {
    genkey "$1.key"
    openssl req -new -key "$1.key" -subj "/O=testenv/CN=$3" -out "$1.csr" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$2" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
      -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  }
  leaf server    "DNS:localhost,IP:127.0.0.1" localhost
  # the bad certificates are only for the hostile proxy
  if [ "${TESTENV_PROXY:-1}" = 1 ]; then
  leaf wronghost "DNS:wrong.invalid"          wrong.invalid
  # expired (valid 2020-01-01 .. 2020-01-02), signed by the same CA: needs 'openssl ca' to set dates
  genkey expired.key
  openssl req -new -key expired.key -subj "/O=testenv/CN=localhost" -out expired.csr 2>/dev/null
  mkdir -p ca.db; : > ca.db/index.txt; echo 1000 > ca.db/serial
  cat > ca.db/ca.cnf <<EOF
[ca]
default_ca = c
[c]
dir = ca.db
database = ca.db/index.txt
serial = ca.db/serial
new_certs_dir = ca.db
certificate = ca.crt
private_key = ca.key
default_md = sha256
policy = p
unique_subject = no
copy_extensions = none
[p]
commonName = supplied
[x]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
EOF
  openssl ca -batch -config ca.db/ca.cnf -extensions x -startdate 20200101000000Z -enddate 20200102000000Z \
    -in expired.csr -out expired.crt >/dev/null 2>&1
  # self-signed, right name, not issued by the test CA
  genkey selfsigned.key
  openssl req -x509 -new -key selfsigned.key -sha256 -days 825 -subj "/O=evil/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out selfsigned.crt 2>/dev/null
  fi
  rm -f ./*.csr ./*.ext
)
[ -s "$D/tls/server.crt" ] && { [ "${TESTENV_PROXY:-1}" != 1 ] || [ -s "$D/tls/expired.crt" ]; } \
  || die "certificate generation failed"
T_TLS1=$(now_ms)

# ----------------------------------------------------------------- users + Maildirs
DOMAIN=example.test
ALICE_PASS='alicepass'
BOB_PASS='b "o" b\ pw'          # space, double quotes, backslash: exercises LOGIN quoting / SASL
CAROL_PASS='carolpass'          # carol: 100 KiB quota -> APPEND/COPY/delivery fail with OVERQUOTA
USERS="alice bob carol"
{
  echo "alice:{PLAIN}$ALICE_PASS:$MAIL_UID:$MAIL_GID::$D/mail/alice::"
  echo "bob:{PLAIN}$BOB_PASS:$MAIL_UID:$MAIL_GID::$D/mail/bob::"
  echo "carol:{PLAIN}$CAROL_PASS:$MAIL_UID:$MAIL_GID::$D/mail/carol::userdb_quota_rule=*:storage=100K"
} > "$D/dovecot/users"
chmod 0640 "$D/dovecot/users"
[ "$ROOTLESS" = 1 ] || chgrp dovecot "$D/dovecot/users"

put_msg() { # $1=dir (…/new or …/cur) $2=uniq $3=maildir info suffix (e.g. ":2,FS") ; stdin = message
  cat > "$1/$(date +%s).M$2P$$.testenv${3:-}"
}
seed_user() { # $1=user
  local m="$D/mail/$1/Maildir" fol
  for fol in "" .Sent .Drafts .Trash .Junk .Archive .Lists .Lists.dev; do
    mkdir -p "$m/$fol/cur" "$m/$fol/new" "$m/$fol/tmp"
  done
  printf 'Sent\nDrafts\nTrash\nJunk\nArchive\nLists\nLists.dev\n' > "$m/subscriptions"
  [ "${TESTENV_SEED:-1}" = 1 ] || return 0
  put_msg "$m/new" 1 <<EOF
Return-Path: <carol@example.test>
From: Carol <carol@example.test>
To: $1@$DOMAIN
Subject: plain text hello
Date: Mon, 01 Jan 2024 10:00:00 +0000
Message-ID: <seed1.$1@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello $1, this is a plain text seed message.
EOF
  put_msg "$m/new" 2 <<EOF
From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.test>
To: $1@$DOMAIN
Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_mit_Anhang?=
Date: Tue, 02 Jan 2024 11:00:00 +0100
Message-ID: <seed2.$1@example.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: multipart/alternative; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Gr=C3=BC=C3=9Fe, siehe Anhang.
--b2
Content-Type: text/html; charset=utf-8

<p>Gr&uuml;&szlig;e, siehe <b>Anhang</b>.</p>
--b2--

--b1
Content-Type: application/octet-stream; name="data.bin"
Content-Disposition: attachment; filename="data.bin"
Content-Transfer-Encoding: base64

AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
--b1--
EOF
  put_msg "$m/cur" 3 ":2,FS" <<EOF
From: List Robot <dev-request@lists.example.test>
To: $1@$DOMAIN
Subject: already seen and flagged
Date: Wed, 03 Jan 2024 12:00:00 +0000
Message-ID: <seed3.$1@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

8bit body: äöü €
EOF
  put_msg "$m/.Lists.dev/new" 4 <<EOF
From: dev@lists.example.test
To: dev@lists.example.test
Subject: [dev] list message in a nested folder
Date: Thu, 04 Jan 2024 13:00:00 +0000
Message-ID: <seed4.$1@example.test>

nested folder body
EOF
}
for u in $USERS; do seed_user "$u"; done
chown -R "$MAIL_UID:$MAIL_GID" "$D/mail"
if [ "${TESTENV_RAWLOG:-0}" = 1 ]; then mkdir -p "$D/log/rawlog"; chown "$MAIL_UID:$MAIL_GID" "$D/log/rawlog"; RAWLOG_DIR="$D/log/rawlog"; else RAWLOG_DIR=""; fi

# ----------------------------------------------------------------- dovecot
INSTANCE=tern-$(basename "$D")
if [ "$ROOTLESS" = 1 ]; then
  # rootless: every process runs as the invoking user, and chroot() is impossible
  DOVE_USERS="default_internal_user = $ME_USER
default_internal_group = $ME_GROUP
default_login_user = $ME_USER
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service pop3-login {
  chroot =
}"
else
  DOVE_USERS="default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull"
fi
DH=""; [ -r /usr/share/dovecot/dh.pem ] && DH="ssl_dh = </usr/share/dovecot/dh.pem"
cat > "$D/dovecot/dovecot.conf" <<EOF
# generated by tests/servers/start-servers.sh -- private instance, loopback only
instance_name = $INSTANCE
base_dir = $D/dovecot/run
state_dir = $D/dovecot/state
log_path = $D/log/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
$DOVE_USERS
first_valid_uid = 1
first_valid_gid = 1
login_greeting = tern-test IMAP/POP3 ready
ssl = yes
ssl_cert = <$D/tls/server.crt
ssl_key = <$D/tls/server.key
$DH
ssl_min_protocol = TLSv1.2
# loopback counts as "secured" for dovecot, so this would not bite anyway; plaintext
# auth is allowed so that the *client's* refusal can be tested.
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5
auth_verbose = yes
auth_username_format = %Ln
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $D/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $D/dovecot/users
  default_fields = mail=maildir:~/Maildir
}
mail_location = maildir:~/Maildir
# a throw-away instance: durability is not worth an fsync per message
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}
mail_plugins = \$mail_plugins notify mail_log quota
protocol imap {
  mail_plugins = \$mail_plugins imap_quota imap_zlib
}
plugin {
  mail_log_events = delete undelete expunge save copy mailbox_create mailbox_delete mailbox_rename flag_change
  mail_log_fields = uid box msgid size flags
  quota = count:User quota
  quota_rule = *:storage=0
  quota_vsizes = yes
}
rawlog_dir = $RAWLOG_DIR
pop3_uidl_format = %08Xu%08Xv
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $POP3_PORT
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $POP3S_PORT
    ssl = yes
  }
}
# no other TCP listeners (doveadm, submission, lmtp are not started)
service auth {
  unix_listener auth-smtp {
    mode = 0666
  }
}
EOF
[ "$(doveconf -c "$D/dovecot/dovecot.conf" -h base_dir 2>&1)" = "$D/dovecot/run" ] \
  || { doveconf -c "$D/dovecot/dovecot.conf" -n >&2 || true; die "dovecot config invalid"; }

wait_port() { # $1=port $2=timeout_ms [$3=greeting prefix]
  # A bare TCP connect is not enough: dovecot's master accepts on the port even while its
  # login processes crash (e.g. chroot failing), so when $3 is given the greeting is read too.
  local t_end=$(( $(now_ms) + $2 )) line
  while :; do
    if [ -z "${3:-}" ]; then
      port_busy "$1" && return 0
    elif { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then   # (a bare "exec ... 2>/dev/null" would silence the whole script)
      line=""; IFS= read -r -t 2 line <&3 || true
      exec 3>&-
      [[ "$line" == "$3"* ]] && return 0
    fi
    [ "$(now_ms)" -lt "$t_end" ] || return 1
    sleep 0.01
  done
}
T_DOVE0=$(now_ms)
# stdio to files: dovecot keeps the inherited stderr open for its lifetime, so a caller that
# pipes or captures our output ($(...), | tee, CI log capture) would otherwise wait forever
dovecot -c "$D/dovecot/dovecot.conf" </dev/null >>"$D/log/dovecot-start.log" 2>&1 \
  || { cat "$D/log/dovecot-start.log" >&2; die "dovecot failed to start; see $D/log/dovecot.log"; }
# The starting process returns once the master has forked, which may be just
# before the master writes its pid file: wait for it rather than race it.
for _ in $(seq 1 1000); do [ -s "$D/dovecot/run/master.pid" ] && break; sleep 0.01; done
DOVECOT_PID=$(cat "$D/dovecot/run/master.pid" 2>/dev/null) \
  || DOVECOT_PID=$(pgrep -f "dovecot -c $D/dovecot/dovecot.conf$" | head -n 1)
# Recorded before any check can fail, so that stopping always finds it.
[ -n "$DOVECOT_PID" ] || { tail -20 "$D/log/dovecot.log" >&2; die "dovecot did not start"; }
echo "dovecot $DOVECOT_PID" >> "$D/pids"
wait_port "$IMAP_PORT" 10000 "* OK" && wait_port "$POP3_PORT" 10000 "+OK" \
  && wait_port "$IMAPS_PORT" 10000 && wait_port "$POP3S_PORT" 10000 \
  || { tail -20 "$D/log/dovecot.log" >&2; die "dovecot not answering"; }
T_DOVE1=$(now_ms)
log "dovecot up (pid $DOVECOT_PID) in $((T_DOVE1 - T_DOVE0)) ms"

# ----------------------------------------------------------------- SMTP
SMTP_KIND=${TESTENV_SMTP:-auto}
if [ "$SMTP_KIND" = auto ]; then
  if [ "$ROOTLESS" = 0 ] && [ -x /usr/sbin/postfix ]; then SMTP_KIND=postfix; else SMTP_KIND=aiosmtpd; fi
fi
MAX_MSG=${TESTENV_MAX_MSG:-104857600}
T_SMTP0=$(now_ms)
case "$SMTP_KIND" in
postfix)
  [ "$ROOTLESS" = 0 ] || die "postfix needs root (TESTENV_SMTP=aiosmtpd for rootless)"
  P=$D/postfix
  mkdir -p "$P/etc" "$P/spool" "$P/data"
  chown postfix "$P/data"
  [ -r /etc/postfix/dynamicmaps.cf ] && cp /etc/postfix/dynamicmaps.cf "$P/etc/"
  for u in $USERS; do echo "$u@$DOMAIN $u/Maildir/"; done > "$P/etc/vmailbox"
  cat > "$P/etc/main.cf" <<EOF
# generated by tests/servers/start-servers.sh -- private postfix instance, loopback only, no outbound mail
compatibility_level = 3.6
queue_directory = $P/spool
data_directory = $P/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = $D/log/postfix.log
maillog_file_prefixes = $D/log
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = $DOMAIN
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:5.1.1 testenv: local delivery disabled
default_transport = error:5.7.1 testenv: no outbound mail
relay_transport = error:5.7.1 testenv: no outbound mail
smtp_dns_support_level = disabled
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP testenv
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $D/mail
virtual_mailbox_maps = texthash:$P/etc/vmailbox
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID
virtual_minimum_uid = 1
virtual_mailbox_limit = 0
message_size_limit = $MAX_MSG
smtputf8_enable = yes
smtpd_tls_cert_file = $D/tls/server.crt
smtpd_tls_key_file = $D/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $D/dovecot/run/auth-smtp
smtpd_sasl_auth_enable = yes
smtpd_sasl_authenticated_header = yes
smtpd_client_restrictions = permit_sasl_authenticated, reject
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions =
smtpd_sender_restrictions =
smtpd_helo_required = no
smtpd_delay_reject = yes
EOF
  cat > "$P/etc/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
127.0.0.1:$SUBMISSIONS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
127.0.0.1:$SMTP_PLAINAUTH_PORT inet n - n - - smtpd
  -o syslog_name=postfix/plainauth
  -o smtpd_tls_security_level=none
  -o smtpd_tls_auth_only=no
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  : > "$D/log/postfix.log"
  # Postfix refuses to read a main.cf younger than ~2 s (it polls until the file is "stable"),
  # which costs 2+ s at every start: backdate the freshly written files.
  touch -d "@$(( $(date +%s) - 10 ))" "$P/etc/main.cf" "$P/etc/master.cf" "$P/etc/vmailbox" "$P/etc/dynamicmaps.cf" 2>/dev/null || true
  # Fast path (~0.1 s): make the queue directories ourselves and start master(8) directly.
  # "postfix start" does the same after "postfix check" and takes ~3 s on this machine.
  ( cd "$P/spool" && mkdir -m 0700 active bounce corrupt defer deferred flush hold incoming private saved trace \
      && mkdir -m 0730 maildrop && mkdir -m 0710 public && mkdir -m 0755 pid \
      && chown postfix active bounce corrupt defer deferred flush hold incoming private saved trace maildrop public \
      && chgrp postdrop maildrop public )
  # master -w: returns once the daemon is initialised (exit 0) or has failed
  if ! /usr/lib/postfix/sbin/master -c "$P/etc" -w </dev/null >>"$D/log/postfix-start.log" 2>&1; then
    # postfix prints fatal errors only to a tty (else to syslog, absent here): show them via script(1)
    script -qec "postfix -c '$P/etc' check" /dev/null >&2 || true
    tail -5 "$D/log/postfix.log" >&2
    die "postfix failed to start"
  fi
  SMTP_PID=$(tr -d ' ' < "$P/spool/pid/master.pid")
  echo "postfix $SMTP_PID" >> "$D/pids"
  wait_port "$SUBMISSION_PORT" 15000 "220" && wait_port "$SMTP_PLAINAUTH_PORT" 15000 "220" \
    && wait_port "$SUBMISSIONS_PORT" 15000 || { tail -20 "$D/log/postfix.log" >&2; die "postfix not answering"; }
  ;;
aiosmtpd)
  $PY -c 'import aiosmtpd' 2>/dev/null || die "python3-aiosmtpd missing for $PY (apt-get install python3-aiosmtpd)"
  setsid $PY "$HERE/smtpd-aiosmtpd.py" --dir "$D" --domain "$DOMAIN" --users "$D/dovecot/users" \
    --submission "$SUBMISSION_PORT" --submissions "$SUBMISSIONS_PORT" --plainauth "$SMTP_PLAINAUTH_PORT" \
    --max-size "$MAX_MSG" --log "$D/log/aiosmtpd.log" </dev/null >>"$D/log/aiosmtpd.log" 2>&1 &
  SMTP_PID=$!
  echo "aiosmtpd $SMTP_PID" >> "$D/pids"
  wait_port "$SUBMISSION_PORT" 15000 "220" && wait_port "$SMTP_PLAINAUTH_PORT" 15000 "220" \
    && wait_port "$SUBMISSIONS_PORT" 15000 || { tail -20 "$D/log/aiosmtpd.log" >&2; die "aiosmtpd not answering"; }
  ;;
none) SMTP_PID="" ;;
*) die "TESTENV_SMTP must be auto, postfix, aiosmtpd or none" ;;
esac
T_SMTP1=$(now_ms)
[ "$SMTP_KIND" = none ] || log "$SMTP_KIND up (pid $SMTP_PID) in $((T_SMTP1 - T_SMTP0)) ms"

# ----------------------------------------------------------------- hostile proxy
PROXY_PID=""
if [ "${TESTENV_PROXY:-1}" = 1 ]; then
  T_PX0=$(now_ms)
  SMTP_BACKEND=$SMTP_PLAINAUTH_PORT; [ "$SMTP_KIND" = none ] && SMTP_BACKEND=0
  setsid $PY "$HERE/hostile-proxy.py" --tls-dir "$D/tls" \
    --imap-backend "$IMAP_PORT" --pop3-backend "$POP3_PORT" --smtp-backend "$SMTP_BACKEND" \
    --wronghost "$BAD_WRONGHOST_PORT" --expired "$BAD_EXPIRED_PORT" --selfsigned "$BAD_SELFSIGNED_PORT" \
    --imap-strip "$IMAP_STRIP_PORT" --imap-inject "$IMAP_INJECT_PORT" --imap-preauth "$IMAP_PREAUTH_PORT" \
    --pop3-strip "$POP3_STRIP_PORT" --pop3-inject "$POP3_INJECT_PORT" \
    --smtp-strip "$SMTP_STRIP_PORT" --smtp-inject "$SMTP_INJECT_PORT" \
    --imap-cut "$IMAP_CUT_PORT" --cut-after "${TESTENV_CUT_AFTER:-65536}" \
    </dev/null >>"$D/log/hostile-proxy.log" 2>&1 &
  PROXY_PID=$!
  echo "proxy $PROXY_PID" >> "$D/pids"
  wait_port "$IMAP_PREAUTH_PORT" 10000 "* PREAUTH" || { tail "$D/log/hostile-proxy.log" >&2; die "hostile proxy not up"; }
  T_PX1=$(now_ms)
  log "hostile proxy up (pid $PROXY_PID) in $((T_PX1 - T_PX0)) ms"
fi

# ----------------------------------------------------------------- report
T1=$(now_ms)
cat > "$D/servers.env" <<EOF
export TESTENV_DIR='$D'
export TESTENV_HOST=127.0.0.1
export TESTENV_CA='$D/tls/ca.crt'
export TESTENV_DOMAIN=$DOMAIN
export TESTENV_USER1=alice
export TESTENV_PASS1='$ALICE_PASS'
export TESTENV_USER2=bob
export TESTENV_PASS2='$(printf %s "$BOB_PASS" | sed "s/'/'\\\\''/g")'
export TESTENV_MAILDIR1='$D/mail/alice/Maildir'
export TESTENV_MAILDIR2='$D/mail/bob/Maildir'
export TESTENV_USER3=carol
export TESTENV_PASS3='$CAROL_PASS'
export TESTENV_MAILDIR3='$D/mail/carol/Maildir'
export TESTENV_IMAP_CUT_PORT=$IMAP_CUT_PORT
export TESTENV_CUT_AFTER_BYTES=${TESTENV_CUT_AFTER:-65536}
export TESTENV_IMAP_PORT=$IMAP_PORT
export TESTENV_IMAPS_PORT=$IMAPS_PORT
export TESTENV_POP3_PORT=$POP3_PORT
export TESTENV_POP3S_PORT=$POP3S_PORT
export TESTENV_SMTP_KIND=$SMTP_KIND
export TESTENV_SUBMISSION_PORT=$SUBMISSION_PORT
export TESTENV_SUBMISSIONS_PORT=$SUBMISSIONS_PORT
export TESTENV_SMTP_PLAINAUTH_PORT=$SMTP_PLAINAUTH_PORT
export TESTENV_BAD_WRONGHOST_PORT=$BAD_WRONGHOST_PORT
export TESTENV_BAD_EXPIRED_PORT=$BAD_EXPIRED_PORT
export TESTENV_BAD_SELFSIGNED_PORT=$BAD_SELFSIGNED_PORT
export TESTENV_IMAP_STRIP_PORT=$IMAP_STRIP_PORT
export TESTENV_IMAP_INJECT_PORT=$IMAP_INJECT_PORT
export TESTENV_IMAP_PREAUTH_PORT=$IMAP_PREAUTH_PORT
export TESTENV_POP3_STRIP_PORT=$POP3_STRIP_PORT
export TESTENV_POP3_INJECT_PORT=$POP3_INJECT_PORT
export TESTENV_SMTP_STRIP_PORT=$SMTP_STRIP_PORT
export TESTENV_SMTP_INJECT_PORT=$SMTP_INJECT_PORT
export TESTENV_PIDFILE='$D/pids'
export TESTENV_DOVECOT_CONF='$D/dovecot/dovecot.conf'
export TESTENV_LOGDIR='$D/log'
export TESTENV_STARTUP_MS=$((T1 - T0))
export TESTENV_DOVECOT_STARTUP_MS=$((T_DOVE1 - T_DOVE0))
export TESTENV_SMTP_STARTUP_MS=$((T_SMTP1 - T_SMTP0))
EOF
cat "$D/servers.env"
log "certs $((T_TLS1 - T_TLS0)) ms; total $((T1 - T0)) ms; dir $D (stop: $HERE/stop-servers.sh $D)"
