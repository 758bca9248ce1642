# Integration tests of the local backends through headless tern: a kill during an mbox
# rewrite, mail appended by another process, a full disk, broken folders.
# Script tests go into TESTS (and EXTRA_DIST) here.
INTEGRITY_TESTS = \
	tests/integration/mx_append.sh \
	tests/integration/mx_broken.sh \
	tests/integration/mx_diskfull.sh \
	tests/integration/mx_kill.sh \
	tests/integration/mx_write.sh
TESTS += $(INTEGRITY_TESTS)
EXTRA_DIST += $(INTEGRITY_TESTS) tests/integration/mx_broken.py tests/integration/mx_mail.py
