# Integration tests of the local backends through headless tern: a kill during an mbox
# rewrite, mail appended by another process, a full disk, broken folders.
# Script tests go into TESTS (and EXTRA_DIST) here.
