# Unit tests of src/ui/editor.c (pure: no terminal).
MX_UNIT_TESTS += tests/unit/test_editor
tests_unit_test_editor_SOURCES = tests/unit/test_editor.c
tests_unit_test_editor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_editor_LDADD = src/ui/libui.a src/mime/libmime.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS)
