/*
 * maildir_name.c - Maildir file names: flag letters both ways, unique
 * names, the size field.
 *
 * The specification (cr.yp.to/proto/maildir.html): a file in new/ has no
 * info; in cur/ the info "2," is followed by flag letters in ASCII order:
 * D (draft), F (flagged), P (passed), R (replied), S (seen), T (trashed).
 * Other letters (Dovecot's keywords a-z, experimental ones) belong to
 * other programs and are kept through every rename. Info of another
 * version (":1,...") means no flags; a rename replaces it, as mutt does.
 */
#include <stdatomic.h>
#include <sys/time.h>

#include "mx/maildir.h"

static const struct {
	char letter;
	uint32_t flag;
} letters[] = {
	/* ASCII order: the order they are written in */
	{ 'D', MSG_DRAFT },   { 'F', MSG_FLAGGED }, { 'P', MSG_PASSED },
	{ 'R', MSG_REPLIED }, { 'S', MSG_READ },    { 'T', MSG_DELETED },
};

const char *maildir_base(const char *file)
{
	const char *slash = strchr(file, '/');
	return slash ? slash + 1 : file;
}

size_t maildir_key_len(const char *base)
{
	const char *colon = strchr(base, ':');
	return colon ? (size_t)(colon - base) : strlen(base);
}

int maildir_sub(const char *file)
{
	return strncmp(file, "new/", 4) == 0 ? MD_NEW : MD_CUR;
}

/* The flag letters of base, or NULL when it has no ":2," info. */
static const char *info_letters(const char *base)
{
	const char *colon = strchr(base, ':');
	return colon && colon[1] == '2' && colon[2] == ',' ? colon + 3 : NULL;
}

static uint32_t letter_flag(int c)
{
	for (size_t i = 0; i < ARRAY_SIZE(letters); i++)
		if (letters[i].letter == c)
			return letters[i].flag;
	return 0;
}

uint32_t maildir_flags_of(const char *file, bool mark_old)
{
	const char *p = info_letters(maildir_base(file));
	uint32_t f = 0;

	for (; p && *p; p++)
		f |= letter_flag((unsigned char)*p);
	if (mark_old && maildir_sub(file) == MD_CUR && !(f & MSG_READ))
		f |= MSG_OLD;
	return f;
}

/* True when old holds a letter that is not one of ours. */
static bool has_unknown(const char *old)
{
	for (; old && *old; old++)
		if (!letter_flag((unsigned char)*old))
			return true;
	return false;
}

void maildir_letters(uint32_t flags, const char *old, struct buf *out)
{
	bool want[256] = { false };

	for (size_t i = 0; i < ARRAY_SIZE(letters); i++)
		want[(unsigned char)letters[i].letter] = (flags & letters[i].flag) != 0;
	for (; old && *old; old++)
		if (!letter_flag((unsigned char)*old) && (unsigned char)*old > ' ' && *old != '/')
			want[(unsigned char)*old] = true;
	for (int c = 1; c < 256; c++)
		if (want[c])
			buf_addch(out, c);
}

void maildir_name_for(const char *file, uint32_t flags, struct buf *out)
{
	const char *base = maildir_base(file);
	const char *old = info_letters(base);
	size_t keylen = maildir_key_len(base);
	bool stays_new = maildir_sub(file) == MD_NEW && !(flags & MSG_STORED) && !has_unknown(old);

	buf_addstr(out, stays_new ? "new/" : "cur/");
	buf_add(out, base, keylen);
	if (stays_new)
		return;
	buf_addstr(out, ":2,");
	maildir_letters(flags, old, out);
}

bool maildir_size_field(const char *base, size_t keylen, uint64_t *size)
{
	const char *p = mem_find(base, keylen, ",S=", 3);
	const char *end = base + keylen;
	unsigned long v;
	size_t n = 0;

	if (!p)
		return false;
	p += 3;
	while (p + n < end && is_digit((unsigned char)p[n]))
		n++;
	if (!n || (p + n < end && p[n] != ',') || !parse_ulong(p, n, &v))
		return false;
	*size = v;
	return true;
}

void maildir_unique(size_t size, struct buf *out)
{
	static atomic_uint counter;
	char host[256];
	struct timeval tv;

	gettimeofday(&tv, NULL);
	if (gethostname(host, sizeof(host)) != 0 || !host[0])
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	buf_printf(out, "%lld.M%06ldP%ldQ%u.", (long long)tv.tv_sec, (long)tv.tv_usec,
		   (long)getpid(), atomic_fetch_add(&counter, 1) + 1);
	for (const char *h = host; *h; h++) {
		if (*h == '/')
			buf_addstr(out, "\\057");
		else if (*h == ':')
			buf_addstr(out, "\\072");
		else if (*h == ',')
			buf_addstr(out, "\\054"); /* ',' starts Dovecot's fields such as S= */
		else
			buf_addch(out, *h);
	}
	buf_printf(out, ",S=%zu", size);
}
