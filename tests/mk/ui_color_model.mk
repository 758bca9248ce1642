# Unit tests of src/ui/color_model.c (pure: no terminal).
MX_UNIT_TESTS += tests/unit/test_color_model
tests_unit_test_color_model_SOURCES = tests/unit/test_color_model.c
tests_unit_test_color_model_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_color_model_LDADD = src/ui/libui.a src/mime/libmime.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS)
MX_UNIT_TESTS += tests/unit/test_color_model_reduce
tests_unit_test_color_model_reduce_SOURCES = tests/unit/test_color_model_reduce.c
tests_unit_test_color_model_reduce_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_color_model_reduce_LDADD = src/ui/libui.a src/mime/libmime.a $(MX_UNIT_LDADD) $(NCURSESW_LIBS)
