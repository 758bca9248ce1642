# Unit tests of src/ui/pager_layout.c (pure: no terminal).
MX_UNIT_TESTS += tests/unit/test_pager_layout
tests_unit_test_pager_layout_SOURCES = tests/unit/test_pager_layout.c
tests_unit_test_pager_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pager_layout_LDADD = src/ui/libui.a src/mime/libmime.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS)
