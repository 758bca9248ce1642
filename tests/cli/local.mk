# Command-line tests: tern run headless, its output checked.
CLI_TESTS = tests/cli/i18n.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
