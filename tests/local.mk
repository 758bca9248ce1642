# Every test speaks TAP, so one test program may report many cases and the
# totals count cases, not programs.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	PYTHON3='$(PYTHON3)'; export PYTHON3; \
	CC='$(CC)'; export CC; \
	XDG_CACHE_HOME='$(abs_top_builddir)/tests/cache'; export XDG_CACHE_HOME;

EXTRA_DIST += tests/lib tests/data tests/servers

# Header caches tests open with the default setting land here, not in ~/.cache.
clean-local: clean-test-cache
clean-test-cache:
	rm -rf tests/cache
.PHONY: clean-test-cache
