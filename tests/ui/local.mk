# UI tests: tern driven in tmux (tests/ui/lib.sh); harness.sh checks lib.sh itself.
UI_TESTS = tests/ui/harness.sh tests/ui/index.sh tests/ui/load.sh tests/ui/actions.sh tests/ui/prompts.sh tests/ui/pager.sh tests/ui/mouse.sh tests/ui/scan.sh tests/ui/browser.sh tests/ui/pipe.sh
TESTS += $(UI_TESTS)
EXTRA_DIST += tests/ui/lib.sh $(UI_TESTS)
