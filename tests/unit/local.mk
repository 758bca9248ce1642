# Unit tests: one cmocka program per area, run through the TAP driver.
UNIT_TESTS = \
	tests/unit/test_core tests/unit/test_charset tests/unit/test_header \
	tests/unit/test_envelope tests/unit/test_rfc2047 tests/unit/test_rfc2231 \
	tests/unit/test_address tests/unit/test_msgid tests/unit/test_date \
	tests/unit/test_mime tests/unit/test_decode tests/unit/test_thread \
	tests/unit/test_rc tests/unit/test_var tests/unit/test_command \
	tests/unit/test_keyname tests/unit/test_keymap tests/unit/test_input \
	tests/unit/test_format tests/unit/test_lists tests/unit/test_hooks tests/unit/test_color \
	$(MX_UNIT_TESTS)

if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif

UNIT_LDADD = $(EMAIL_LIBS) $(CMOCKA_LIBS)
CONFIG_UNIT_LDADD = $(CONFIG_LIBS) $(CMOCKA_LIBS)
MX_UNIT_LDADD = src/mx/libmx.a $(CONFIG_LIBS) $(LMDB_LIBS) $(CMOCKA_LIBS)
# tests/mk/*.mk (one per area of src/mx and the program) add to these.
MX_UNIT_TESTS =
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

EXTRA_DIST += tests/unit/unit.h tests/unit/rc_test.h tests/unit/mx_test.h
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_core_LDADD = $(UNIT_LDADD)
tests_unit_test_charset_SOURCES = tests/unit/test_charset.c
tests_unit_test_charset_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_charset_LDADD = $(UNIT_LDADD)
tests_unit_test_header_SOURCES = tests/unit/test_header.c
tests_unit_test_header_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_header_LDADD = $(UNIT_LDADD)
tests_unit_test_envelope_SOURCES = tests/unit/test_envelope.c
tests_unit_test_envelope_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_envelope_LDADD = $(UNIT_LDADD)
tests_unit_test_rfc2047_SOURCES = tests/unit/test_rfc2047.c
tests_unit_test_rfc2047_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rfc2047_LDADD = $(UNIT_LDADD)
tests_unit_test_rfc2231_SOURCES = tests/unit/test_rfc2231.c
tests_unit_test_rfc2231_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rfc2231_LDADD = $(UNIT_LDADD)
tests_unit_test_address_SOURCES = tests/unit/test_address.c
tests_unit_test_address_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_address_LDADD = $(UNIT_LDADD)
tests_unit_test_msgid_SOURCES = tests/unit/test_msgid.c
tests_unit_test_msgid_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_msgid_LDADD = $(UNIT_LDADD)
tests_unit_test_date_SOURCES = tests/unit/test_date.c
tests_unit_test_date_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_date_LDADD = $(UNIT_LDADD)
tests_unit_test_mime_SOURCES = tests/unit/test_mime.c
tests_unit_test_mime_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mime_LDADD = $(UNIT_LDADD)
tests_unit_test_decode_SOURCES = tests/unit/test_decode.c
tests_unit_test_decode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_decode_LDADD = $(UNIT_LDADD)
tests_unit_test_thread_SOURCES = tests/unit/test_thread.c
tests_unit_test_thread_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_thread_LDADD = $(UNIT_LDADD)

# Tests of src/config link the config layer too.
tests_unit_test_rc_SOURCES = tests/unit/test_rc.c
tests_unit_test_rc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rc_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_var_SOURCES = tests/unit/test_var.c
tests_unit_test_var_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_var_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_command_SOURCES = tests/unit/test_command.c
tests_unit_test_command_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_command_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_keyname_SOURCES = tests/unit/test_keyname.c
tests_unit_test_keyname_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_keyname_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_keymap_SOURCES = tests/unit/test_keymap.c
tests_unit_test_keymap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_keymap_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_input_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_format_SOURCES = tests/unit/test_format.c
tests_unit_test_format_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_format_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_lists_SOURCES = tests/unit/test_lists.c
tests_unit_test_lists_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lists_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_hooks_SOURCES = tests/unit/test_hooks.c
tests_unit_test_hooks_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hooks_LDADD = $(CONFIG_UNIT_LDADD)
tests_unit_test_color_SOURCES = tests/unit/test_color.c
tests_unit_test_color_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_color_LDADD = $(CONFIG_UNIT_LDADD)

# `make check-unit' runs only the unit tests; `make check-san' (the sanitizer
# build) adds the UI tests, where a use after free in a screen shows, but not
# load.sh, whose checks are timed for a normal build.
check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(UNIT_TESTS)"
check-san:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(UNIT_TESTS) $(filter-out tests/ui/load.sh,$(filter tests/ui/%,$(TESTS)))"
.PHONY: check-unit check-san
