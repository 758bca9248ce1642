#!/usr/bin/env bash
# servers_smoke.sh - the test servers the other integration tests rely on work
# as documented: IMAP/POP3 with every login mechanism and TLS mode, SMTP
# submission delivering into the Maildirs and refusing relay, the hostile
# proxy's bad certificates, STARTTLS stripping and injection, PREAUTH and cut
# connections, and the quota. One TAP case per check of verify-servers.py.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/servers.sh"

servers_start
# Debian's python: the one first on PATH may be a pyenv one without Debian's packages.
/usr/bin/python3 "$SERVERS_HOME/verify-servers.py" --tap ||
	bail_out "verify-servers.py crashed"
exit 0
