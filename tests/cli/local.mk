# Command-line tests: tern run headless, its output checked.
CLI_TESTS = tests/cli/i18n.sh tests/cli/rc.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
