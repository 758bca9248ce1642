# Fuzzing: smoke.sh builds every tests/fuzz/fuzz_*.c with clang (libFuzzer,
# ASan, UBSan) into tests/fuzz/bin/ and runs each for FUZZ_SECONDS (10) on a
# copy of its seed corpus tests/fuzz/corpus/<name>/. The targets and corpora
# are found at run time; the dist tarball takes whatever exists.
TESTS += tests/fuzz/smoke.sh
EXTRA_DIST += tests/fuzz/smoke.sh \
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/tests/fuzz/fuzz_*.c \
	$(srcdir)/tests/fuzz/*.dict $(srcdir)/tests/fuzz/corpus))
# Build products (rm -f with a shell pattern; empty directories do not upset distcleancheck).
CLEANFILES += tests/fuzz/bin/fuzz_* tests/fuzz/bin/libfuzzparsers.a tests/fuzz/bin/obj/*.o* \
	tests/fuzz/out/*/*
