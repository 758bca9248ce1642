/* test_core.c - buffers, strings, string lists, hash table, UTF-8, files */
#include <fcntl.h>
#include <sys/stat.h>

#include "tests/unit/unit.h"

static void buf_starts_empty_and_nul_terminated(void **state)
{
	struct buf b = BUF_INIT;

	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
	assert_string_equal(b.data, "");
}

static void buf_grows_across_many_appends(void **state)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < 100000; i++)
		buf_addch(&b, 'a' + i % 26);
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.data[100000], '\0');
	assert_int_equal(b.data[26], 'a');
	assert_int_equal(b.data[99999], 'a' + 99999 % 26);
	buf_release(&b);
}

static void buf_crlf_to_lf_from_an_offset(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addstr(&b, "keep\r\nA\r\nB\rC\r\n\r\r\n");
	buf_crlf_to_lf(&b, 6);
	assert_buf_eq(&b, "keep\r\nA\nB\rC\n\r\n");
	buf_release(&b);
}

static void buf_keeps_embedded_nul(void **state)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	assert_int_equal(b.data[3], '\0');
	buf_release(&b);
}

static void buf_printf_handles_long_output(void **state)
{
	struct buf b = BUF_INIT;
	struct buf big = BUF_INIT;

	fill_buf(&big, 'x', 5000);
	buf_addstr(&b, "<");
	buf_printf(&b, "%s|%d", big.data, 42);
	assert_int_equal(b.len, 1 + 5000 + 3);
	assert_string_equal(b.data + 5001, "|42");
	buf_release(&b);
	buf_release(&big);
}

static void buf_detach_hands_over_storage(void **state)
{
	struct buf b = BUF_INIT;
	size_t n;
	char *s;

	s = buf_detach(&b, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	buf_addstr(&b, "hello");
	s = buf_detach(&b, &n);
	assert_string_equal(s, "hello");
	assert_int_equal(n, 5);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);
}

static void buf_add_utf8_encodes_and_rejects_surrogates(void **state)
{
	struct buf b = BUF_INIT;

	buf_add_utf8(&b, 'A');
	buf_add_utf8(&b, 0xE9);
	buf_add_utf8(&b, 0x20AC);
	buf_add_utf8(&b, 0x1F600);
	buf_add_utf8(&b, 0xD800);
	buf_add_utf8(&b, 0x110000);
	assert_buf_eq(&b, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
	buf_release(&b);
}

static void buf_rtrim_and_setlen(void **state)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, "text \t\r\n");
	buf_rtrim(&b);
	assert_buf_eq(&b, "text");
	buf_setlen(&b, 2);
	assert_buf_eq(&b, "te");
	buf_reset(&b);
	assert_buf_eq(&b, "");
	buf_release(&b);
}

static void ascii_compare_ignores_locale_and_case(void **state)
{
	assert_int_equal(ascii_strcasecmp("Content-Type", "content-type"), 0);
	assert_true(ascii_strcasecmp("a", "b") < 0);
	assert_int_equal(ascii_strncasecmp("FROM:x", "from:y", 5), 0);
	assert_true(mem_eq_ci("SUBJECT", 7, "subject"));
	assert_false(mem_eq_ci("SUBJECT", 6, "subject"));
	assert_false(mem_eq_ci("SUBJECTS", 8, "subject"));
	assert_true(mem_startswith_ci("Re: x", 5, "re:"));
	assert_false(mem_startswith_ci("R", 1, "re:"));
	/* Non-ASCII bytes are never case-folded. */
	assert_false(mem_eq_ci("\xC3\x89", 2, "\xC3\xA9"));
}

static void mem_find_locates_needles(void **state)
{
	const char hay[] = "abc\0--boundary\0x";

	assert_ptr_equal(mem_find(hay, sizeof(hay) - 1, "--boundary", 10), hay + 4);
	assert_null(mem_find(hay, sizeof(hay) - 1, "--boundaryx", 11));
	assert_null(mem_find(hay, 3, "abcd", 4));
	assert_ptr_equal(mem_find(hay, 3, "", 0), hay);
}

static void parse_ulong_rejects_overflow_and_junk(void **state)
{
	unsigned long v;

	assert_true(parse_ulong("12345", 5, &v));
	assert_int_equal(v, 12345);
	assert_false(parse_ulong("", 0, &v));
	assert_false(parse_ulong("12a", 3, &v));
	assert_false(parse_ulong("-1", 2, &v));
	assert_false(parse_ulong("99999999999999999999999", 23, &v));
}

static void mem_trim_strips_both_ends(void **state)
{
	const char *s = "  \t value \r\n";
	size_t n = strlen(s);

	mem_trim(&s, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(s, "value", 5);
	s = "   ";
	n = 3;
	mem_trim(&s, &n);
	assert_int_equal(n, 0);
}

static void strlist_add_find_release(void **state)
{
	struct strlist l = STRLIST_INIT;

	strlist_add(&l, "a");
	strlist_addn(&l, "bcd", 2);
	strlist_push(&l, xstrdup("z"));
	assert_int_equal(l.n, 3);
	assert_int_equal(strlist_find(&l, "bc"), 1);
	assert_int_equal(strlist_find(&l, "q"), -1);
	strlist_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void hash_stores_and_replaces_many_keys(void **state)
{
	struct hash *h = hash_new(0);
	enum { N = 50000 };
	char(*keys)[16] = xcalloc(N, sizeof(*keys));

	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "<%d@x>", i);
		assert_null(hash_put(h, keys[i], strlen(keys[i]), &keys[i]));
	}
	assert_int_equal(hash_count(h), N);
	for (int i = 0; i < N; i += 997)
		assert_ptr_equal(hash_get(h, keys[i], strlen(keys[i])), &keys[i]);
	assert_null(hash_get(h, "<none@x>", 8));
	/* Replacing returns the old value and keeps the count. */
	assert_ptr_equal(hash_put(h, keys[7], strlen(keys[7]), keys[8]), &keys[7]);
	assert_int_equal(hash_count(h), N);
	/* Keys with embedded NULs are distinct by length. */
	assert_null(hash_put(h, "a\0b", 3, keys[1]));
	assert_null(hash_get(h, "a", 1));
	hash_free(&h);
	assert_null(h);
	free(keys);
}

/* upsert adds a key once (with a NULL value to fill) and finds it after, across growth. */
static void hash_upsert_adds_once(void **state)
{
	struct hash *h = hash_new(0);
	enum { N = 3000 };
	char(*keys)[16] = xcalloc(N, sizeof(*keys));
	bool added;
	void **v;

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "<%d@x>", i);
		v = hash_upsert(h, keys[i], strlen(keys[i]), &added);
		assert_true(added);
		assert_null(*v);
		*v = &keys[i];
	}
	for (int i = 0; i < N; i++) {
		v = hash_upsert(h, keys[i], strlen(keys[i]), &added);
		assert_false(added);
		assert_ptr_equal(*v, &keys[i]);
	}
	assert_int_equal(hash_count(h), N);
	assert_ptr_equal(hash_get(h, keys[N - 1], strlen(keys[N - 1])), &keys[N - 1]);
	hash_free(&h);
	free(keys);
}

static void u32_lower_bound_finds_the_first_not_below(void **state)
{
	static const uint32_t v[] = { 2, 4, 4, 9 };

	(void)state;
	assert_int_equal(u32_lower_bound(v, 4, 0), 0);
	assert_int_equal(u32_lower_bound(v, 4, 4), 1);
	assert_int_equal(u32_lower_bound(v, 4, 5), 3);
	assert_int_equal(u32_lower_bound(v, 4, 10), 4);
	assert_int_equal(u32_lower_bound(v, 0, 1), 0);
}

static void utf8_decode_rejects_overlongs_and_surrogates(void **state)
{
	uint32_t cp;

	assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* overlong '/' */
	assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	/* surrogate U+D800 */
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	/* truncated */
	assert_int_equal(utf8_decode("\xE2\x82", 2, &cp), 1);
	/* beyond U+10FFFF */
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
}

static void utf8_valid_and_sanitize(void **state)
{
	struct buf b = BUF_INIT;

	assert_true(utf8_valid("plain \xE2\x82\xAC \xEF\xBF\xBD", 13));
	assert_false(utf8_valid("bad \xFF", 5));
	assert_int_equal(utf8_valid_prefix("ab\xFF"
					   "cd",
					   5),
			 2);
	utf8_sanitize("a\xFF"
		      "b\xC3",
		      4, &b);
	assert_buf_eq(&b, "a\xEF\xBF\xBD"
			  "b\xEF\xBF\xBD");
	buf_release(&b);
}

static void file_write_atomic_replaces_and_is_private(void **state)
{
	char dir[] = "/tmp/tern-test-XXXXXX";
	struct buf path = BUF_INIT, got = BUF_INIT;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	buf_printf(&path, "%s/f", dir);
	assert_int_equal(file_write_atomic(path.data, "old", 3), 0);
	assert_int_equal(file_write_atomic(path.data, "new content", 11), 0);
	assert_int_equal(file_read_all(path.data, &got, 0), 0);
	assert_buf_eq(&got, "new content");
	assert_int_equal(stat(path.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	buf_reset(&got);
	assert_int_equal(file_read_all(path.data, &got, 4), ERR_LIMIT);
	assert_int_equal(unlink(path.data), 0);
	buf_reset(&got);
	assert_int_equal(file_read_all(path.data, &got, 0), ERR_NOTFOUND);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
	buf_release(&path);
	buf_release(&got);
}

static void file_write_atomic_reports_missing_directory(void **state)
{
	assert_int_equal(file_write_atomic("/nonexistent-dir-tern/x", "a", 1), ERR_IO);
}

static void write_all_reports_full_disk(void **state)
{
	int fd = open("/dev/full", O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, "x", 1), ERR_NOSPACE);
	close(fd);
}

static void file_mkstemp_creates_0600(void **state)
{
	struct buf path = BUF_INIT;
	struct stat st;
	mode_t old = umask(0);
	int fd = file_mkstemp("/tmp", "tern-test-", &path);

	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	close(fd);
	unlink(path.data);
	buf_release(&path);
}

static void err_str_describes_every_code(void **state)
{
	for (int c = 0; c >= ERR_TIMEOUT; c--)
		assert_string_not_equal(err_str(c), "unknown error");
	assert_string_equal(err_str(-999), "unknown error");
}

/* Objects of every size class, each filled to its last byte (ASan checks the bounds). */
static void arena_holds_objects_of_every_size(void **state)
{
	static const size_t sizes[] = { 1, 100,     65536,   134425,  70000,
					3, 1048576, 1048577, 5000000, 17 };
	unsigned char *p[10];
	struct arena a = { 0 }, b = { 0 };

	(void)state;
	for (size_t i = 0; i < 10; i++) {
		p[i] = arena_alloc(&a, sizes[i]);
		assert_int_equal((uintptr_t)p[i] % _Alignof(max_align_t), 0);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (size_t i = 0; i < 10; i++) /* nothing overlapped */
		assert_true(p[i][0] == i + 1 && p[i][sizes[i] - 1] == i + 1);
	char *s = arena_strndup(&b, "abcdef", 3);
	assert_string_equal(s, "abc");
	arena_steal(&a, &b);
	assert_null(b.head);
	assert_string_equal(s, "abc");
	arena_release(&a);
	assert_null(a.head);
}

/* Many small objects across big chunks: mapping pages ahead never disturbs what was written. */
static void arena_small_objects_fill_big_chunks(void **state)
{
	enum { N = 200000, SIZE = 48 };
	struct arena a = ARENA_INIT;
	unsigned char **p = xmalloc(N * sizeof(*p));

	(void)state;
	for (size_t i = 0; i < N; i++) {
		p[i] = arena_alloc(&a, SIZE);
		memset(p[i], (int)(i % 251), SIZE);
		assert_true(a.ready >= a.used);
	}
	assert_true(a.total >= (size_t)N * SIZE);
	for (size_t i = 0; i < N; i++)
		assert_true(p[i][0] == i % 251 && p[i][SIZE - 1] == i % 251);
	arena_release(&a);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_starts_empty_and_nul_terminated),
		cmocka_unit_test(buf_grows_across_many_appends),
		cmocka_unit_test(buf_keeps_embedded_nul),
		cmocka_unit_test(buf_crlf_to_lf_from_an_offset),
		cmocka_unit_test(buf_printf_handles_long_output),
		cmocka_unit_test(buf_detach_hands_over_storage),
		cmocka_unit_test(buf_add_utf8_encodes_and_rejects_surrogates),
		cmocka_unit_test(buf_rtrim_and_setlen),
		cmocka_unit_test(ascii_compare_ignores_locale_and_case),
		cmocka_unit_test(mem_find_locates_needles),
		cmocka_unit_test(parse_ulong_rejects_overflow_and_junk),
		cmocka_unit_test(mem_trim_strips_both_ends),
		cmocka_unit_test(strlist_add_find_release),
		cmocka_unit_test(hash_stores_and_replaces_many_keys),
		cmocka_unit_test(hash_upsert_adds_once),
		cmocka_unit_test(u32_lower_bound_finds_the_first_not_below),
		cmocka_unit_test(utf8_decode_rejects_overlongs_and_surrogates),
		cmocka_unit_test(utf8_valid_and_sanitize),
		cmocka_unit_test(file_write_atomic_replaces_and_is_private),
		cmocka_unit_test(file_write_atomic_reports_missing_directory),
		cmocka_unit_test(write_all_reports_full_disk),
		cmocka_unit_test(file_mkstemp_creates_0600),
		cmocka_unit_test(err_str_describes_every_code),
		cmocka_unit_test(arena_holds_objects_of_every_size),
		cmocka_unit_test(arena_small_objects_fill_big_chunks),
	};
	return RUN_TESTS(tests);
}
