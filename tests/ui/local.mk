# UI tests: tern driven in tmux (tests/ui/lib.sh); harness.sh checks lib.sh itself.
UI_TESTS = tests/ui/harness.sh tests/ui/index.sh tests/ui/load.sh tests/ui/actions.sh tests/ui/prompts.sh tests/ui/pager.sh tests/ui/mouse.sh tests/ui/scan.sh tests/ui/browser.sh tests/ui/slowread.sh tests/ui/imap.sh tests/ui/imap_stall.sh tests/ui/imap_reconnect.sh tests/ui/imap_hole.sh tests/ui/imap_partial.sh tests/ui/pipe.sh
TESTS += $(UI_TESTS)
EXTRA_DIST += tests/ui/lib.sh $(UI_TESTS)

# slowopen.so: an LD_PRELOAD shim that makes opening some files slow
# (tests/ui/slowread.sh tests/ui/imap.sh tests/ui/imap_stall.sh tests/ui/imap_reconnect.sh), built like tests/tools/enospc.so.
check_DATA += tests/tools/slowopen.so
tests/tools/slowopen.so: tests/tools/slowopen.c
	@$(MKDIR_P) tests/tools
	$(AM_V_CC)$(CC) -shared -fPIC -O1 -o $@ $(srcdir)/tests/tools/slowopen.c -ldl
CLEANFILES += tests/tools/slowopen.so
EXTRA_DIST += tests/tools/slowopen.c
