/*
 * test_hcache_damage.c - damaged header cache files: cut short, overwritten
 * in whole or in part, garbage in the middle of their pages (LMDB trusts
 * those: tern walks a file that changed behind its back in a child
 * first). The folder always opens; tern never crashes; a file tern named
 * is recreated, one the user named is left alone with a note.
 */
#include "tests/unit/hcache_test.h"

/* Damage to a cache file: garbage of len bytes at at, then the file cut there when cut. */
struct damage {
	off_t at;
	size_t len;
	bool cut;
};

static const struct damage damages[] = {
	{ 0, 100, true },      /* a few bytes of garbage and nothing else */
	{ 0, 65536, true },    /* all garbage */
	{ 0, 4096, false },    /* the first meta page */
	{ 4096, 4096, false }, /* the second */
	{ 8192, 0, true },     /* cut after the meta pages: reading on would be SIGBUS */
	{ 0, 0, true },        /* emptied: LMDB starts a new file in it */
};

static void damage_file(const char *path, const struct damage *d)
{
	static uint64_t seed = 42;
	struct buf g = BUF_INIT;
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	/* Pseudo-random, like a disk error: a pattern LMDB might reject early. */
	for (size_t i = 0; i < d->len; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		buf_addch(&g, (char)(seed >> 56));
	}
	assert_int_equal(pwrite(fd, g.data, g.len, d->at), (ssize_t)g.len);
	if (d->cut)
		assert_int_equal(ftruncate(fd, d->at + (off_t)d->len), 0);
	close(fd);
	buf_release(&g);
}

static void write_garbage(const char *path, size_t n)
{
	damage_file(path, &(struct damage){ 0, n, true });
}

static void hcache_damaged_file_in_a_directory_is_recreated(void **state)
{
	struct buf dir = BUF_INIT, file = BUF_INIT, s = BUF_INIT;

	hct_path(&dir, state, "hc/");
	for (size_t i = 0; i < ARRAY_SIZE(damages); i++) {
		hct_assert_caches(dir.data, "/mail/a");
		hct_only_file(dir.data, &file);
		damage_file(file.data, &damages[i]);
		/* It opens, with nothing in it, and works again. */
		struct hcache *hc = hct_open(dir.data, "/mail/a");
		if (hct_fetch_subject(hc, "k", &s))
			fail_msg("damage %zu: an entry survived", i);
		hcache_close(&hc);
		hct_assert_caches(dir.data, "/mail/a");
	}
	buf_release(&dir);
	buf_release(&file);
	buf_release(&s);
}

static void hcache_damaged_file_the_user_named_is_left_alone(void **state)
{
	struct buf f = BUF_INIT, before = BUF_INIT, after = BUF_INIT;

	hct_path(&f, state, "my.db");
	/* Every damage but the last, which LMDB repairs by itself. */
	for (size_t i = 0; i + 1 < ARRAY_SIZE(damages); i++) {
		unlink(f.data);
		hct_assert_caches(f.data, "/mail/a");
		damage_file(f.data, &damages[i]);
		buf_reset(&before);
		assert_int_equal(file_read_all(f.data, &before, 0), 0);
		hct_assert_note(f.data, "/mail/a", "remove the file");
		/* Not ours to delete: it might be anything the user pointed at. */
		buf_reset(&after);
		assert_int_equal(file_read_all(f.data, &after, 0), 0);
		assert_int_equal(before.len, after.len);
		assert_memory_equal(before.data, after.data, before.len);
	}
	buf_release(&f);
	buf_release(&before);
	buf_release(&after);
}

/* ---- garbage inside the pages ------------------------------------------ */

#define MANY   1000
#define ROUNDS 16

/* A per-folder cache in dir with MANY entries; its file into file. */
static void fill_cache(const char *dir, struct buf *file)
{
	struct hcache *hc = hct_open(dir, "/mail/many");
	struct menv *m = hct_menv_subject("filled");
	char key[16];

	for (int i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "m%05d", i);
		assert_int_equal(hcache_store(hc, key, strlen(key), 0, m), 0);
	}
	hcache_close(&hc);
	free(m);
	hct_only_file(dir, file);
}

/* Use the cache in every way after damage: nothing may crash, whatever it finds. */
static void use_everything(const char *dir)
{
	struct buf err = BUF_INIT;
	struct hcache *hc = hcache_open(dir, "/mail/many", &err);
	struct menv *m = hct_menv_subject("after");
	struct arena a = { 0 };
	char key[16];

	for (int i = 0; hc && i < MANY; i++) {
		snprintf(key, sizeof(key), "m%05d", i);
		hcache_fetch(hc, key, strlen(key), 0, &a);
		if (i % 3 == 0)
			hcache_store(hc, key, strlen(key), 0, m);
		/* New keys between the old ones: inserts into every leaf. */
		if (i % 4 == 0) {
			snprintf(key, sizeof(key), "m%05d+", i);
			hcache_store(hc, key, strlen(key), 0, m);
		}
		if (i % 5 == 0)
			hcache_delete(hc, key, strlen(key));
	}
	hcache_close(&hc);
	arena_release(&a);
	buf_release(&err);
	free(m);
}

static void hcache_garbage_inside_pages_never_crashes(void **state)
{
	struct buf dir = BUF_INIT, file = BUF_INIT;
	struct stat st;

	hct_path(&dir, state, "hc/");
	for (int round = 0; round < ROUNDS; round++) {
		/* A fresh file each time: the same pages hold the same parts of the trees. */
		nftw(dir.data, nftw_remove, 4, FTW_DEPTH | FTW_PHYS);
		fill_cache(dir.data, &file);
		assert_int_equal(stat(file.data, &st), 0);
		/*
		 * Past the two meta pages (what LMDB does not check when it opens
		 * a file): a page of garbage over each of the first pages, where
		 * the trees' roots and branches are, or a few bytes inside one.
		 */
		off_t page = 2 + round / 2;
		struct damage d = { 4096 * page, 4096, false };
		if (round % 2)
			d = (struct damage){ 4096 * page + 8 * round, 8, false };
		damage_file(file.data, &d);
		use_everything(dir.data);
		/* Whatever happened, the folder's cache works afterwards. */
		hct_assert_caches(dir.data, "/mail/many");
	}
	buf_release(&dir);
	buf_release(&file);
}

static void hcache_garbage_over_every_data_page_is_found(void **state)
{
	struct buf dir = BUF_INIT, file = BUF_INIT, s = BUF_INIT;
	struct stat st;

	hct_path(&dir, state, "hc/");
	fill_cache(dir.data, &file);
	assert_int_equal(stat(file.data, &st), 0);
	damage_file(file.data, &(struct damage){ 8192, (size_t)st.st_size - 8192, false });
	/* The walk finds it: the file is recreated, empty. */
	struct hcache *hc = hct_open(dir.data, "/mail/many");
	assert_false(hct_fetch_subject(hc, "m00000", &s));
	hcache_close(&hc);
	/* A file the user named: a note, caching off, and the file left as it is. */
	hct_path(&file, state, "my.db");
	hct_assert_caches(file.data, "/mail/a");
	assert_int_equal(stat(file.data, &st), 0);
	damage_file(file.data, &(struct damage){ 8192, (size_t)st.st_size - 8192, false });
	hct_assert_note(file.data, "/mail/a", "damaged inside");
	assert_int_equal(stat(file.data, &st), 0);
	hct_assert_note(file.data, "/mail/a", "remove the file");
	buf_release(&dir);
	buf_release(&file);
	buf_release(&s);
}

static void hcache_clean_close_stamps_the_file(void **state)
{
	struct buf dir = BUF_INIT, file = BUF_INIT, stamp = BUF_INIT;
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000000, 0 } };
	struct hcache *hc;

	hct_path(&dir, state, "hc/");
	fill_cache(dir.data, &file);
	buf_printf(&stamp, "%s-ok", file.data);
	assert_int_equal(access(stamp.data, F_OK), 0);
	hct_assert_mode(stamp.data, 0600);
	/* Changed behind tern's back but sound: walked, and kept. */
	assert_int_equal(utimensat(AT_FDCWD, file.data, times, 0), 0);
	hc = hct_open(dir.data, "/mail/many");
	hct_assert_hit(hc, "m00999", "filled");
	hcache_close(&hc);
	/* Without its lock file and its stamp (a user cleaning up): still kept. */
	buf_reset(&stamp);
	buf_printf(&stamp, "%s-lock", file.data);
	assert_int_equal(unlink(stamp.data), 0);
	buf_reset(&stamp);
	buf_printf(&stamp, "%s-ok", file.data);
	assert_int_equal(unlink(stamp.data), 0);
	hc = hct_open(dir.data, "/mail/many");
	hct_assert_hit(hc, "m00000", "filled");
	hcache_close(&hc);
	assert_int_equal(access(stamp.data, F_OK), 0);
	buf_release(&dir);
	buf_release(&file);
	buf_release(&stamp);
}

/* ---- a folder with a cache that cannot be used still opens ------------- */

static void write_mh(const char *dir)
{
	struct buf p = BUF_INIT, msg = BUF_INIT;

	assert_int_equal(mkdir(dir, 0700), 0);
	for (int i = 1; i <= 3; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%d", dir, i);
		buf_reset(&msg);
		buf_printf(&msg, "From: a@b.c\nSubject: message %d\n\nbody\n", i);
		int fd = open(p.data, O_CREAT | O_WRONLY, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write_all(fd, msg.data, msg.len), 0);
		close(fd);
	}
	buf_release(&p);
	buf_release(&msg);
}

/* Open the MH folder dir with $header_cache set; it has its three messages. */
static void assert_opens(const char *dir, const char *setting)
{
	struct mailbox *mb = mailbox_new(dir, NULL);
	struct buf err = BUF_INIT;

	free(mb->set.header_cache);
	mb->set.header_cache = xstrdup(setting);
	if (mx_run(mb, MX_OP_OPEN, &err) != 0)
		fail_msg("%s with header_cache=%s: %s", dir, setting, err.data);
	assert_int_equal(mb->n, 3);
	assert_string_equal(menv_str(mb->msgs[2].env, ME_SUBJECT), "message 3");
	mailbox_free(&mb);
	buf_release(&err);
}

static void hcache_folder_opens_whatever_the_cache(void **state)
{
	struct buf mh = BUF_INIT, s = BUF_INIT, plain = BUF_INIT, file = BUF_INIT;
	struct hct_raw raw;
	int fd;

	write_mh(hct_path(&mh, state, "mh"));
	fd = open(hct_path(&plain, state, "plain"), O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* Cold, then warm from the cache, which holds the three envelopes and the two meta records. */
	assert_opens(mh.data, hct_path(&s, state, "hc/"));
	hct_only_file(hct_path(&file, state, "hc"), &s);
	hct_raw_open(&raw, s.data);
	assert_int_equal(hct_raw_count(&raw), 5);
	hct_raw_close(&raw);
	assert_opens(mh.data, hct_path(&s, state, "hc/"));
	/* A damaged cache, an unreachable one, caching off, a file the user named and damaged. */
	hct_only_file(hct_path(&file, state, "hc"), &s);
	write_garbage(s.data, 4096);
	assert_opens(mh.data, hct_path(&s, state, "hc/"));
	assert_opens(mh.data, hct_path(&s, state, "plain/hc/"));
	assert_opens(mh.data, "/dev/null");
	write_garbage(plain.data, 4096);
	assert_opens(mh.data, plain.data);
	buf_release(&mh);
	buf_release(&s);
	buf_release(&plain);
	buf_release(&file);
}

#define T(f) cmocka_unit_test_setup_teardown(f, hct_setup, hct_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(hcache_damaged_file_in_a_directory_is_recreated),
		T(hcache_damaged_file_the_user_named_is_left_alone),
		T(hcache_garbage_inside_pages_never_crashes),
		T(hcache_garbage_over_every_data_page_is_found),
		T(hcache_clean_close_stamps_the_file),
		T(hcache_folder_opens_whatever_the_cache),
	};
	return RUN_TESTS(tests);
}
