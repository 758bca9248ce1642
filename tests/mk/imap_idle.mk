# tests for the imap idle work: IDLE against dovecot in the interface (new
# mail, flags and expunges pushed, a read while idle, $imap_idle unset), and
# scripted servers (tests/integration/imap_idle.sh): the exact commands,
# a server without IDLE, a stopped server while idle.
TESTS += tests/ui/imap_idle.sh
EXTRA_DIST += tests/ui/imap_idle.sh
TESTS += tests/integration/imap_idle.sh
EXTRA_DIST += tests/integration/imap_idle.sh tests/data/imapscript/idle-login.inc \
	tests/data/imapscript/idle-push.script tests/data/imapscript/idle-none.script \
	tests/data/imapscript/idle-stall.script
