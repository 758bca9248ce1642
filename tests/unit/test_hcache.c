/*
 * test_hcache.c - the header cache's values and promises: round trips of
 * every envelope field, meta, validity, deletes, when batches are written,
 * what a fetch sees, format versions, folder collisions, and damaged or
 * hostile values (a miss, never a crash). Files and processes:
 * test_hcache_files.c.
 */
#include <time.h>

#include "tests/unit/hcache_test.h"

/* A cache directory in the scratch directory (one file per folder). */
static const char *cache_dir(struct buf *b, void **state)
{
	return hct_path(b, state, "cache/");
}

static struct hcache *open_folder(void **state, const char *folder)
{
	struct buf dir = BUF_INIT;
	struct hcache *hc = hct_open(cache_dir(&dir, state), folder);

	buf_release(&dir);
	return hc;
}

/* Every field of the full message reads back from e, and e's pointers stay inside it. */
static void assert_full_fields(const struct menv *e)
{
	const char *lo = (const char *)e, *hi = lo + e->size;
	struct maddr_iter it;
	struct maddr a;

	assert_string_equal(menv_str(e, ME_SUBJECT), "Re: Fwd: \xC3\xA9t\xC3\xA9 plans");
	assert_string_equal(menv_subject_base(e), "\xC3\xA9t\xC3\xA9 plans");
	assert_true(menv_subject_base(e) > lo && menv_subject_base(e) < hi);
	assert_string_equal(menv_str(e, ME_MESSAGE_ID), "<full@example.org>");
	assert_string_equal(menv_str(e, ME_X_LABEL), "work");
	assert_true(e->date_valid);
	assert_int_equal(e->date, 1772535600);
	assert_int_equal(e->tz_minutes, 60);
	assert_true(menv_first_addr(e, MA_FROM, &a));
	assert_string_equal(a.name, "Ren\xC3\xA9"
				    "e");
	assert_string_equal(a.mailbox, "renee@example.org");
	assert_true(a.mailbox > lo && a.mailbox < hi);
	menv_addrs(e, MA_TO, &it);
	assert_true(maddr_next(&it, &a));
	assert_int_equal(a.kind, ADDR_GROUP_START);
	assert_string_equal(a.name, "team");
	assert_int_equal(menv_addr_count(e, MA_TO), 3);
	assert_int_equal(menv_addr_count(e, MA_CC), 2);
	for (int f = MA_BCC; f < MA_NADDR; f++)
		assert_int_equal(menv_addr_count(e, f), 1);
	assert_true(menv_first_addr(e, MA_REPLY_TO, &a));
	assert_string_equal(a.mailbox, "replies@example.org");
	assert_int_equal(e->nrefs, 3);
	assert_string_equal(menv_ref(e, 0), "<r1@x>");
	assert_string_equal(menv_ref(e, 2), "<r3@x>");
	assert_string_equal(menv_ref_next(e, menv_ref(e, 1)), "<r3@x>");
	assert_null(menv_ref_next(e, menv_ref(e, 2)));
}

static void hcache_round_trip_keeps_every_field(void **state)
{
	struct menv *orig = hct_menv(T_FULL_MESSAGE);
	struct arena a1 = { 0 }, a2 = { 0 };
	struct hcache *hc = open_folder(state, "/mail/inbox");
	struct menv *f1, *f2;

	assert_int_equal(hcache_store(hc, "k1", 2, 7, orig), 0);
	hcache_close(&hc);
	assert_null(hc);
	hc = open_folder(state, "/mail/inbox");
	/* Two copies in two arenas: a block that held a pointer would be wrong in one of them. */
	f1 = hcache_fetch(hc, "k1", 2, 7, &a1);
	f2 = hcache_fetch(hc, "k1", 2, 7, &a2);
	assert_non_null(f1);
	assert_non_null(f2);
	assert_ptr_not_equal(f1, f2);
	assert_int_equal(f1->size, orig->size);
	assert_memory_equal(f1, orig, orig->size);
	assert_memory_equal(f2, orig, orig->size);
	/* It is usable once the original and the cache are gone. */
	free(orig);
	hcache_close(&hc);
	assert_full_fields(f1);
	assert_full_fields(f2);
	arena_release(&a1);
	arena_release(&a2);
}

static void hcache_round_trip_of_sparse_envelopes(void **state)
{
	static const char *const msgs[] = {
		"\n",                                      /* nothing at all: a bare menv */
		"Date: the day after tomorrow\n\n",        /* kept as text */
		"To: undisclosed-recipients:;\n\n",        /* only group markers */
		"In-Reply-To: <only@x>\nSubject: Re:\n\n", /* all prefix, one ref */
	};
	struct hcache *hc = open_folder(state, "/mail/sparse");
	struct arena a = { 0 };
	char key[8];

	for (size_t i = 0; i < ARRAY_SIZE(msgs); i++) {
		struct menv *m = hct_menv(msgs[i]);
		snprintf(key, sizeof(key), "s%zu", i);
		assert_int_equal(hcache_store(hc, key, strlen(key), 0, m), 0);
		assert_int_equal(hcache_commit(hc), 0);
		struct menv *f = hcache_fetch(hc, key, strlen(key), 0, &a);
		if (!f)
			fail_msg("message %zu: a valid envelope was rejected", i);
		assert_memory_equal(f, m, m->size);
		free(m);
	}
	hcache_close(&hc);
	arena_release(&a);
}

static void hcache_meta_round_trip(void **state)
{
	struct hcache_meta in = { .size = 123456789012ull, .received = -42, .lines = 77 }, out;
	struct menv *m = hct_menv_subject("meta");
	struct hcache *hc = open_folder(state, "/mail/meta");
	struct arena a = { 0 };

	assert_int_equal(hcache_store_meta(hc, "with", 4, 1, m, &in), 0);
	assert_int_equal(hcache_store_meta(hc, "without", 7, 1, m, NULL), 0);
	hcache_close(&hc);
	hc = open_folder(state, "/mail/meta");
	memset(&out, 0xff, sizeof(out));
	assert_non_null(hcache_fetch_meta(hc, "with", 4, 1, &a, &out));
	assert_int_equal(out.size, in.size);
	assert_int_equal(out.received, -42);
	assert_int_equal(out.lines, 77);
	assert_non_null(hcache_fetch_meta(hc, "without", 7, 1, &a, &out));
	assert_int_equal(out.size, 0);
	assert_int_equal(out.received, 0);
	assert_int_equal(out.lines, 0);
	/* A miss leaves meta alone. */
	out.lines = 5;
	assert_null(hcache_fetch_meta(hc, "absent", 6, 1, &a, &out));
	assert_int_equal(out.lines, 5);
	hcache_close(&hc);
	arena_release(&a);
	free(m);
}

static void hcache_validity_mismatch_is_a_miss(void **state)
{
	struct menv *m = hct_menv_subject("v");
	struct hcache *hc = open_folder(state, "/mail/valid");
	struct arena a = { 0 };

	assert_int_equal(hcache_store(hc, "k", 1, 0x1234567890abcdefull, m), 0);
	hcache_close(&hc);
	hc = open_folder(state, "/mail/valid");
	assert_null(hcache_fetch(hc, "k", 1, 0x1234567890abcdeeull, &a));
	assert_null(hcache_fetch(hc, "k", 1, 0, &a));
	assert_non_null(hcache_fetch(hc, "k", 1, 0x1234567890abcdefull, &a));
	hcache_close(&hc);
	arena_release(&a);
	free(m);
}

static void hcache_delete_removes_an_entry(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/del");

	hct_store_subject(hc, "gone", "a");
	hct_store_subject(hc, "kept", "b");
	hcache_close(&hc);
	hc = open_folder(state, "/mail/del");
	assert_int_equal(hcache_delete(hc, "gone", 4), 0);
	/* Deleting what is not there is no error. */
	assert_int_equal(hcache_delete(hc, "never", 5), 0);
	hcache_close(&hc);
	hc = open_folder(state, "/mail/del");
	hct_assert_miss(hc, "gone");
	hct_assert_hit(hc, "kept", "b");
	hcache_close(&hc);
}

static void hcache_fetch_sees_its_own_pending_writes(void **state)
{
	struct hcache *a = open_folder(state, "/mail/pend");
	struct hcache *b = open_folder(state, "/mail/pend");

	hct_store_subject(a, "old", "committed");
	assert_int_equal(hcache_commit(a), 0);
	hct_store_subject(a, "new", "pending");
	hct_store_subject(a, "old", "rewritten");
	assert_int_equal(hcache_delete(a, "new2", 4), 0);
	/* The writer sees its batch; another handle sees only what was committed. */
	hct_assert_hit(a, "new", "pending");
	hct_assert_hit(a, "old", "rewritten");
	hct_assert_miss(b, "new");
	hct_assert_hit(b, "old", "committed");
	assert_int_equal(hcache_delete(a, "old", 3), 0);
	hct_assert_miss(a, "old");
	hct_assert_hit(b, "old", "committed");
	assert_int_equal(hcache_commit(a), 0);
	/* b keeps its snapshot until its own commit: a load reads one consistent state. */
	hct_assert_hit(b, "old", "committed");
	assert_int_equal(hcache_commit(b), 0);
	hct_assert_miss(b, "old");
	hct_assert_hit(b, "new", "pending");
	hcache_close(&a);
	hcache_close(&b);
}

static void hcache_later_store_of_a_key_wins(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/later");

	hct_store_subject(hc, "k", "first");
	assert_int_equal(hcache_delete(hc, "k", 1), 0);
	hct_store_subject(hc, "k", "second");
	hct_store_subject(hc, "k", "third");
	hct_store_subject(hc, "d", "stored, then deleted");
	assert_int_equal(hcache_delete(hc, "d", 1), 0);
	hcache_close(&hc);
	hc = open_folder(state, "/mail/later");
	hct_assert_hit(hc, "k", "third");
	hct_assert_miss(hc, "d");
	hcache_close(&hc);
}

static void hcache_batch_is_written_when_full(void **state)
{
	struct hcache *w = open_folder(state, "/mail/batch");
	struct hcache *r = open_folder(state, "/mail/batch");
	struct menv *m = hct_menv_subject("batch");
	char key[16];

	for (int i = 0; i < T_BATCH - 1; i++) {
		snprintf(key, sizeof(key), "m%05d", i);
		assert_int_equal(hcache_store(w, key, strlen(key), 0, m), 0);
	}
	hct_assert_miss(r, "m00000");
	assert_int_equal(hcache_commit(r), 0); /* a fresh snapshot */
	hct_assert_miss(r, "m00000");
	assert_int_equal(hcache_commit(r), 0);
	assert_int_equal(hcache_store(w, "last", 4, 0, m), 0);
	/* The store that filled the batch wrote it. */
	hct_assert_hit(r, "m00000", "batch");
	snprintf(key, sizeof(key), "m%05d", T_BATCH - 2);
	hct_assert_hit(r, key, "batch");
	hct_assert_hit(r, "last", "batch");
	hcache_close(&r);
	/* Nothing was left pending: w's close writes nothing it had not written. */
	hcache_close(&w);
	free(m);
}

/* Reading drops the map's pages from memory every so often: later reads still see every value. */
static void hcache_many_reads_survive_map_trimming(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/many");
	char key[16], subject[32];

	for (int i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "k%05d", i);
		snprintf(subject, sizeof(subject), "subject %d", i);
		hct_store_subject(hc, key, subject);
	}
	hcache_close(&hc);
	hc = open_folder(state, "/mail/many");
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3000; i++) {
			snprintf(key, sizeof(key), "k%05d", i);
			snprintf(subject, sizeof(subject), "subject %d", i);
			hct_assert_hit(hc, key, subject);
		}
	}
	hcache_close(&hc);
}

static void hcache_commit_and_close_write_the_batch(void **state)
{
	struct hcache *w = open_folder(state, "/mail/commit");
	struct hcache *r = open_folder(state, "/mail/commit");

	hct_store_subject(w, "one", "1");
	hct_assert_miss(r, "one");
	assert_int_equal(hcache_commit(w), 0);
	assert_int_equal(hcache_commit(r), 0);
	hct_assert_hit(r, "one", "1");
	hct_store_subject(w, "two", "2");
	hcache_close(&w);
	assert_int_equal(hcache_commit(r), 0);
	hct_assert_hit(r, "two", "2");
	/* A commit with nothing pending is fine, and so is one more. */
	assert_int_equal(hcache_commit(r), 0);
	assert_int_equal(hcache_commit(r), 0);
	hcache_close(&r);
}

static void hcache_folders_do_not_share_entries(void **state)
{
	struct hcache *a = open_folder(state, "/mail/a");
	struct hcache *b = open_folder(state, "/mail/b");

	hct_store_subject(a, "same", "in a");
	hct_store_subject(b, "same", "in b");
	hcache_close(&a);
	hcache_close(&b);
	a = open_folder(state, "/mail/a");
	b = open_folder(state, "/mail/b");
	hct_assert_hit(a, "same", "in a");
	hct_assert_hit(b, "same", "in b");
	hcache_close(&a);
	hcache_close(&b);
}

static void hcache_rejects_keys_it_cannot_keep(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/keys");
	struct menv *m = hct_menv_subject("k");
	struct arena a = { 0 };
	struct buf big = BUF_INIT;

	fill_buf(&big, 'k', 512);
	assert_int_equal(hcache_store(hc, "", 0, 0, m), ERR_INVAL);
	/* Keys starting with NUL belong to the cache's own records. */
	assert_int_equal(hcache_store(hc, "\0version", 9, 0, m), ERR_INVAL);
	assert_int_equal(hcache_delete(hc, "\0folder", 8), ERR_INVAL);
	assert_int_equal(hcache_store(hc, big.data, big.len, 0, m), ERR_INVAL);
	assert_null(hcache_fetch(hc, "\0version", 9, 0, &a));
	assert_null(hcache_fetch(hc, big.data, big.len, 0, &a));
	/* The longest key LMDB takes works; keys are bytes, NULs after the first allowed. */
	assert_int_equal(hcache_store(hc, big.data, 511, 0, m), 0);
	assert_int_equal(hcache_store(hc, "a\0b", 3, 0, m), 0);
	hcache_close(&hc);
	hc = open_folder(state, "/mail/keys");
	assert_non_null(hcache_fetch(hc, big.data, 511, 0, &a));
	assert_non_null(hcache_fetch(hc, "a\0b", 3, 0, &a));
	assert_null(hcache_fetch(hc, "a", 1, 0, &a));
	hcache_close(&hc);
	arena_release(&a);
	buf_release(&big);
	free(m);
}

static void hcache_null_handle_is_a_quiet_no_op(void **state)
{
	struct menv *m = hct_menv_subject("x");
	struct hcache *none = NULL;
	struct arena a = { 0 };

	(void)state;
	assert_null(hcache_fetch(NULL, "k", 1, 0, &a));
	assert_int_equal(hcache_store(NULL, "k", 1, 0, m), 0);
	assert_int_equal(hcache_delete(NULL, "k", 1), 0);
	assert_int_equal(hcache_commit(NULL), 0);
	hcache_close(&none);
	assert_null(none);
	free(m);
}

/* ---- versions and collisions ----------------------------------------- */

/*
 * Store k in folder, close, let edit() change the meta record rec (its
 * bytes in v) with LMDB directly, and reopen: k must be gone, and the
 * database usable in the current format afterwards.
 */
static void edit_record(void **state, const char *folder, const char *rec, size_t rlen,
			void (*edit)(struct buf *v))
{
	struct buf dir = BUF_INIT, file = BUF_INIT, v = BUF_INIT;
	struct hcache *hc = open_folder(state, folder);
	struct hct_raw raw;

	hct_store_subject(hc, "k", "before");
	hcache_close(&hc);
	hct_only_file(cache_dir(&dir, state), &file);
	hct_raw_open(&raw, file.data);
	hct_raw_get(&raw, rec, rlen, &v);
	edit(&v);
	hct_raw_put(&raw, rec, rlen, v.data, v.len);
	hct_raw_close(&raw);
	hc = open_folder(state, folder);
	hct_assert_miss(hc, "k");
	hct_store_subject(hc, "k2", "after");
	hcache_close(&hc);
	hc = open_folder(state, folder);
	hct_assert_hit(hc, "k2", "after");
	hct_assert_miss(hc, "k");
	hcache_close(&hc);
	/* The record is right again. */
	hct_raw_open(&raw, file.data);
	hct_raw_get(&raw, rec, rlen, &v);
	hct_raw_close(&raw);
	edit(&v);
	buf_release(&dir);
	buf_release(&file);
	buf_release(&v);
}

static int edits; /* how many times an edit ran: twice per edit_record */

static void older_format(struct buf *v)
{
	static char current;

	assert_int_equal(v->len, 16);
	/* The format number: changed the first time, current again after the reopen. */
	if (edits++ == 0)
		current = v->data[4];
	else
		assert_int_equal(v->data[4], current);
	v->data[4] = (char)(current ^ 0x40);
}

static void hcache_other_format_empties_the_database(void **state)
{
	edits = 0;
	edit_record(state, "/mail/ver", "\0version", 9, older_format);
	assert_int_equal(edits, 2);
}

static void other_folder(struct buf *v)
{
	/* As if another folder with the same hash had written this database. */
	assert_buf_eq(v, "/mail/mine");
	buf_reset(v);
	buf_addstr(v, "/mail/other");
	edits++;
}

static void hcache_colliding_folder_is_detected(void **state)
{
	edits = 0;
	edit_record(state, "/mail/mine", "\0folder", 8, other_folder);
	assert_int_equal(edits, 2);
}

/* ---- damaged and hostile values --------------------------------------- */

/*
 * Store k with subject "good" in its own cache directory name/, then hand
 * k's raw value to damage() and write it back: k must be a miss.
 */
static void damage_value(void **state, const char *name, void (*damage)(struct buf *v, int variant),
			 int variant)
{
	struct buf dir = BUF_INIT, file = BUF_INIT, v = BUF_INIT;
	struct hcache *hc;
	struct hct_raw raw;

	buf_printf(&dir, "%s/%s/", (const char *)*state, name);
	hc = hct_open(dir.data, "/mail/damaged");
	hct_store_subject(hc, "k", "good");
	hct_store_subject(hc, "other", "fine");
	hcache_close(&hc);
	hct_only_file(dir.data, &file);
	hct_raw_open(&raw, file.data);
	hct_raw_get(&raw, "k", 1, &v);
	damage(&v, variant);
	hct_raw_put(&raw, "k", 1, v.data, v.len);
	hct_raw_close(&raw);
	hc = hct_open(dir.data, "/mail/damaged");
	hct_assert_miss(hc, "k");
	hct_assert_hit(hc, "other", "fine");
	/* A miss is repaired the usual way: store it again. */
	hct_store_subject(hc, "k", "again");
	assert_int_equal(hcache_commit(hc), 0);
	hct_assert_hit(hc, "k", "again");
	hcache_close(&hc);
	buf_release(&dir);
	buf_release(&file);
	buf_release(&v);
}

static void truncate_value(struct buf *v, int len)
{
	buf_setlen(v, len < 0 ? v->len + (size_t)len : (size_t)len);
}

static void flip_byte(struct buf *v, int at)
{
	v->data[at < 0 ? v->len + (size_t)at : (size_t)at] ^= 0x01;
}

static void hcache_truncated_value_is_a_miss(void **state)
{
	damage_value(state, "t0", truncate_value, 0);
	damage_value(state, "t1", truncate_value, 10); /* inside the header */
	damage_value(state, "t2", truncate_value, 48); /* the header alone */
	damage_value(state, "t3", truncate_value, 60); /* part of the menv's header */
	damage_value(state, "t4", truncate_value, -1); /* the last NUL */
}

static void hcache_wrong_magic_or_checksum_is_a_miss(void **state)
{
	damage_value(state, "f0", flip_byte, 0);  /* magic */
	damage_value(state, "f1", flip_byte, 4);  /* menv size */
	damage_value(state, "f2", flip_byte, 16); /* the stored size: checksummed too */
	damage_value(state, "f3", flip_byte, 40); /* the checksum */
	damage_value(state, "f4", flip_byte, 60); /* the menv's header */
	damage_value(state, "f5", flip_byte, -3); /* the menv's data */
}

/* A full envelope, copied so that a test may change it. */
static struct menv *full_copy(void)
{
	return hct_menv(T_FULL_MESSAGE);
}

static uint32_t dlen_of(const struct menv *m)
{
	return m->size - (uint32_t)sizeof(*m);
}

/*
 * Envelopes that the API's own checksum covers but that would make a
 * reader walk off the block: a hostile writer can compute a checksum.
 */
static void make_hostile(struct menv *m, int variant)
{
	uint32_t huge = UINT32_MAX - 1;

	switch (variant) {
	case 0: /* a string offset past the end */
		m->str[ME_X_LABEL] = dlen_of(m) + 100;
		break;
	case 1: /* no final NUL: the last reference runs off */
		m->data[dlen_of(m) - 1] = 'x';
		break;
	case 2: /* an address count far beyond the entries */
		memcpy(m->data + m->addr[MA_TO], &huge, 4);
		break;
	case 3: /* an address kind that does not exist */
		m->data[m->addr[MA_FROM] + 4] = 9;
		break;
	case 4: /* an address list whose count itself is cut */
		m->addr[MA_CC] = dlen_of(m) - 2;
		break;
	case 5: /* more references than there are */
		m->nrefs++;
		break;
	case 6: /* references nowhere */
		m->refs = MENV_ABSENT;
		break;
	case 7: /* a subject prefix longer than the subject */
		m->subject_skip = (uint32_t)strlen(menv_str(m, ME_SUBJECT)) + 1;
		break;
	case 8: /* a prefix on no subject */
		m->str[ME_SUBJECT] = MENV_ABSENT;
		break;
	case 9: /* a block that says it is smaller than it is: stored size follows it */
		m->size -= 8;
		m->data[dlen_of(m) - 1] = 'x';
		break;
	}
}

static void hcache_hostile_envelope_is_a_miss(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/hostile");
	struct arena a = { 0 };
	char key[8];

	for (int i = 0; i < 10; i++) {
		struct menv *m = full_copy();
		make_hostile(m, i);
		snprintf(key, sizeof(key), "h%d", i);
		assert_int_equal(hcache_store(hc, key, strlen(key), 0, m), 0);
		free(m);
	}
	hcache_close(&hc);
	hc = open_folder(state, "/mail/hostile");
	for (int i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "h%d", i);
		if (hcache_fetch(hc, key, strlen(key), 0, &a))
			fail_msg("hostile envelope %d was accepted", i);
	}
	/* The same check applies to the handle's own pending batch. */
	struct menv *m = full_copy();
	make_hostile(m, 2);
	assert_int_equal(hcache_store(hc, "p", 1, 0, m), 0);
	assert_null(hcache_fetch(hc, "p", 1, 0, &a));
	free(m);
	hcache_close(&hc);
	arena_release(&a);
}

static void hcache_rejects_a_block_smaller_than_an_envelope(void **state)
{
	struct hcache *hc = open_folder(state, "/mail/small");
	struct menv *m = hct_menv_subject("s");

	m->size = 8;
	assert_int_equal(hcache_store(hc, "k", 1, 0, m), ERR_INVAL);
	hcache_close(&hc);
	free(m);
}

/* ---- throughput (printed, never asserted: machines differ) ------------ */

/* Wall and CPU seconds. */
struct clock2 {
	double wall, cpu;
};

static struct clock2 clock2_now(void)
{
	struct timespec w, c;

	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct clock2){ (double)w.tv_sec + (double)w.tv_nsec / 1e9,
				(double)c.tv_sec + (double)c.tv_nsec / 1e9 };
}

static void clock2_print(struct clock2 start, const char *what, size_t n)
{
	struct clock2 end = clock2_now();
	double wall = end.wall - start.wall, cpu = end.cpu - start.cpu;

	printf("# hcache: %zu %s: %.3f s wall (%.0f/s), %.3f s CPU (%.0f/s)\n", n, what, wall,
	       (double)n / wall, cpu, (double)n / cpu);
}

/* n index-like envelopes, each different. */
static struct menv **bench_envelopes(size_t n)
{
	struct menv **v = xcalloc(n, sizeof(*v));
	struct buf msg = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		buf_reset(&msg);
		buf_printf(
			&msg,
			"From: Person %zu <p%zu@example.org>\nTo: list@example.org, Other <o%zu@x.org>\n"
			"Subject: Re: topic %zu\nMessage-ID: <%zu@host.example.org>\n"
			"References: <%zu@x> <%zu@y>\nDate: Tue, 3 Mar 2026 12:%02zu:00 +0100\n\n",
			i, i, i, i % 977, i, i / 3, i / 7, i % 60);
		v[i] = hct_menv(msg.data);
	}
	buf_release(&msg);
	return v;
}

static size_t bench_key(char *key, size_t size, size_t i)
{
	return (size_t)snprintf(key, size, "%zu.M%zuP4242.host:2,S", 1700000000 + i, i);
}

/* Fetch every entry through a new handle; returns the hits. */
static size_t bench_fetch(void **state, size_t n, size_t stride)
{
	struct hcache *hc = open_folder(state, "/bench");
	struct arena a = { 0 };
	size_t hits = 0;
	char key[64];

	for (size_t j = 0; j < n; j++) {
		size_t klen = bench_key(key, sizeof(key), j * stride % n);
		hits += hcache_fetch(hc, key, klen, 0, &a) != NULL;
	}
	hcache_close(&hc);
	arena_release(&a);
	return hits;
}

/* HCACHE_BENCH_N entries (default 5000): store, then fetch in key order and scattered. */
static void hcache_throughput_is_printed(void **state)
{
	const char *env = getenv("HCACHE_BENCH_N");
	size_t n = env && atol(env) > 0 ? (size_t)atol(env) : 5000;
	struct menv **v = bench_envelopes(n);
	struct hcache *hc = open_folder(state, "/bench");
	struct clock2 t = clock2_now();
	char key[64];

	for (size_t i = 0; i < n; i++)
		assert_int_equal(hcache_store(hc, key, bench_key(key, sizeof(key), i), 0, v[i]), 0);
	hcache_close(&hc);
	clock2_print(t, "stores, committed", n);
	t = clock2_now();
	assert_int_equal(bench_fetch(state, n, 1), n);
	clock2_print(t, "fetches in key order, open included", n);
	t = clock2_now();
	assert_int_equal(bench_fetch(state, n, 7919), n);
	clock2_print(t, "fetches scattered, open included", n);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

#define T(f) cmocka_unit_test_setup_teardown(f, hct_setup, hct_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(hcache_round_trip_keeps_every_field),
		T(hcache_round_trip_of_sparse_envelopes),
		T(hcache_meta_round_trip),
		T(hcache_validity_mismatch_is_a_miss),
		T(hcache_delete_removes_an_entry),
		T(hcache_fetch_sees_its_own_pending_writes),
		T(hcache_later_store_of_a_key_wins),
		T(hcache_batch_is_written_when_full),
		T(hcache_many_reads_survive_map_trimming),
		T(hcache_commit_and_close_write_the_batch),
		T(hcache_folders_do_not_share_entries),
		T(hcache_rejects_keys_it_cannot_keep),
		T(hcache_null_handle_is_a_quiet_no_op),
		T(hcache_other_format_empties_the_database),
		T(hcache_colliding_folder_is_detected),
		T(hcache_truncated_value_is_a_miss),
		T(hcache_wrong_magic_or_checksum_is_a_miss),
		T(hcache_hostile_envelope_is_a_miss),
		T(hcache_rejects_a_block_smaller_than_an_envelope),
		T(hcache_throughput_is_printed),
	};
	return RUN_TESTS(tests);
}
