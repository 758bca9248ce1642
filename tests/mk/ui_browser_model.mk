# Unit tests of src/ui/browser_model.c (pure: no terminal).
MX_UNIT_TESTS += tests/unit/test_browser_model
tests_unit_test_browser_model_SOURCES = tests/unit/test_browser_model.c
tests_unit_test_browser_model_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_browser_model_LDADD = src/ui/libui.a src/mime/libmime.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS)
