/*
 * charset.c - conversion to and from UTF-8 with iconv, tolerant of the
 * charset labels real mail carries.
 *
 * Why so lenient: mail routinely declares a charset it does not use
 * ("iso-8859-1" text with Windows smart quotes, "us-ascii" with UTF-8 in
 * it) or one iconv has never heard of ("ks_c_5601-1987", "x-unknown").
 * Browsers settled this long ago (the WHATWG Encoding Standard maps labels
 * to supersets); we follow the same idea, and whatever still cannot be
 * decoded is read byte by byte in the fallback charset so no text is lost.
 */
#include <iconv.h>

#include "core/core.h"

#define ICONV_CACHE 8

struct iconv_entry {
	char *name;     /* canonical source (or target) charset */
	bool to_utf8;   /* direction */
	iconv_t cd;     /* (iconv_t)-1 when iconv refused the name */
	unsigned stamp; /* for least-recently-used eviction */
};

/* Per thread, because backends parse mail in worker threads. */
static _Thread_local struct iconv_entry cache[ICONV_CACHE];
static _Thread_local unsigned cache_clock;

/* mutt's $assumed_charset; NULL means windows-1252. */
static char *fallback_name;

/* Windows-1252 0x80..0x9F. Undefined bytes map to the C1 control of the same value, as WHATWG does. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct alias {
	const char *label;
	const char *name;
};

/* Labels iconv lacks or that name a subset of what senders really use. */
static const struct alias aliases[] = {
	{ "us-ascii", "US-ASCII" },
	{ "ascii", "US-ASCII" },
	{ "ansi_x3.4-1968", "US-ASCII" },
	{ "iso646-us", "US-ASCII" },
	{ "iso-8859-1", "CP1252" },
	{ "iso8859-1", "CP1252" },
	{ "iso_8859-1", "CP1252" },
	{ "latin1", "CP1252" },
	{ "l1", "CP1252" },
	{ "windows-1252", "CP1252" },
	{ "x-cp1252", "CP1252" },
	{ "iso-8859-8-i", "ISO-8859-8" },
	{ "iso-8859-6-i", "ISO-8859-6" },
	{ "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601", "CP949" },
	{ "ksc5601", "CP949" },
	{ "euc-kr", "CP949" },
	{ "x-euc-kr", "CP949" },
	{ "gb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "cp936", "GB18030" },
	{ "big5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },
	{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },
	{ "sjis", "CP932" },
	{ "x-sjis", "CP932" },
	{ "ms_kanji", "CP932" },
	{ "windows-31j", "CP932" },
	{ "tis-620", "CP874" },
	{ "iso-8859-11", "CP874" },
	{ "windows-874", "CP874" },
	{ "x-mac-roman", "MACINTOSH" },
	{ "macintosh", "MACINTOSH" },
	{ "unicode-1-1-utf-7", "UTF-7" },
	{ "utf8", "UTF-8" },
	{ "x-utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" },
};

/* Labels that promise nothing: treat the text as undeclared. */
static const char *const meaningless[] = {
	"x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "none", "8bit",
};

const char *charset_canonical(const char *name, struct buf *out)
{
	const char *p = name ? name : "";
	size_t n;

	buf_reset(out);
	/* Tolerate quotes, spaces and a stray ';' or "*lang" suffix (RFC 2231 section 5). */
	while (*p && (is_space((unsigned char)*p) || *p == '"' || *p == '\''))
		p++;
	for (n = 0; p[n] && p[n] != '*' && p[n] != ';' && p[n] != '"' && p[n] != '\'' &&
		    !is_space((unsigned char)p[n]);
	     n++)
		;
	for (size_t i = 0; i < ARRAY_SIZE(meaningless); i++)
		if (mem_eq_ci(p, n, meaningless[i]))
			return out->data;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (mem_eq_ci(p, n, aliases[i].label)) {
			buf_addstr(out, aliases[i].name);
			return out->data;
		}
	}
	for (size_t i = 0; i < n; i++)
		buf_addch(out, ascii_toupper((unsigned char)p[i]));
	return out->data;
}

static iconv_t cached_iconv(const char *canon, bool to_utf8)
{
	struct iconv_entry *victim = &cache[0];

	for (size_t i = 0; i < ICONV_CACHE; i++) {
		struct iconv_entry *e = &cache[i];
		if (e->name && e->to_utf8 == to_utf8 && strcmp(e->name, canon) == 0) {
			e->stamp = ++cache_clock;
			if (e->cd != (iconv_t)-1)
				iconv(e->cd, NULL, NULL, NULL, NULL); /* reset shift state */
			return e->cd;
		}
		if (!e->name || e->stamp < victim->stamp)
			victim = e;
	}
	if (victim->name) {
		if (victim->cd != (iconv_t)-1)
			iconv_close(victim->cd);
		free(victim->name);
	}
	victim->name = xstrdup(canon);
	victim->to_utf8 = to_utf8;
	victim->cd = to_utf8 ? iconv_open("UTF-8", canon) : iconv_open(canon, "UTF-8");
	victim->stamp = ++cache_clock;
	return victim->cd;
}

bool charset_is_utf8(const char *name)
{
	struct buf c = BUF_INIT;
	bool r = strcmp(charset_canonical(name, &c), "UTF-8") == 0;
	buf_release(&c);
	return r;
}

bool charset_is_ascii(const char *name)
{
	struct buf c = BUF_INIT;
	bool r = strcmp(charset_canonical(name, &c), "US-ASCII") == 0;
	buf_release(&c);
	return r;
}

bool charset_known(const char *name)
{
	struct buf c = BUF_INIT;
	bool r = false;

	charset_canonical(name, &c);
	if (c.len)
		r = cached_iconv(c.data, true) != (iconv_t)-1;
	buf_release(&c);
	return r;
}

void charset_set_fallback(const char *name)
{
	free(fallback_name);
	fallback_name = name && *name ? xstrdup(name) : NULL;
}

static void cp1252_byte(unsigned char c, struct buf *out)
{
	if (c < 0x80)
		buf_addch(out, c);
	else if (c < 0xA0)
		buf_add_utf8(out, cp1252_c1[c - 0x80]);
	else
		buf_add_utf8(out, c);
}

/*
 * iconv (in, len) from canon into out. Bytes iconv rejects are read as
 * windows-1252 and *lossy is set. Returns false when canon is unknown
 * (out untouched).
 */
static bool iconv_convert(const char *canon, const char *in, size_t len, struct buf *out,
			  bool *lossy)
{
	iconv_t cd = cached_iconv(canon, true);
	char *ip = (char *)in;
	size_t il = len;

	if (cd == (iconv_t)-1)
		return false;
	while (il) {
		buf_grow(out, il * 2 + 16);
		char *op = out->data + out->len;
		size_t ol = out->cap - out->len - 1;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		out->len = (size_t)(op - out->data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): keep the byte, move on. */
		cp1252_byte((unsigned char)*ip, out);
		ip++;
		il--;
		*lossy = true;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush any pending shift sequence (stateful charsets like ISO-2022-JP). */
	buf_grow(out, 16);
	char *op = out->data + out->len;
	size_t ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	return true;
}

/*
 * Undeclared or undecodable text: keep well-formed UTF-8 as it is and read
 * every other run of bytes in the fallback charset.
 */
static void fallback_convert(const char *in, size_t len, struct buf *out)
{
	size_t i = 0;

	while (i < len) {
		size_t ok = utf8_valid_prefix(in + i, len - i);
		buf_add(out, in + i, ok);
		i += ok;
		if (i >= len)
			break;
		/* The run of bytes that are not UTF-8 */
		size_t j = i + 1;
		uint32_t cp;
		while (j < len && (unsigned char)in[j] >= 0x80 && utf8_decode(in + j, len - j, &cp) == 1)
			j++;
		bool lossy = false;
		if (!fallback_name || !iconv_convert(fallback_name, in + i, j - i, out, &lossy)) {
			for (size_t k = i; k < j; k++)
				cp1252_byte((unsigned char)in[k], out);
		}
		i = j;
	}
	out->data[out->len] = '\0';
}

static bool has_8bit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

int charset_to_utf8(const char *from, const char *in, size_t len, struct buf *out)
{
	struct buf canon = BUF_INIT;
	int rc = 0;
	bool lossy = false;

	if (!len) {
		buf_grow(out, 0);
		return 0;
	}
	charset_canonical(from, &canon);
	bool ascii_like = !canon.len || strcmp(canon.data, "US-ASCII") == 0 ||
			  strcmp(canon.data, "UTF-8") == 0;
	if (ascii_like || strcmp(canon.data, "CP1252") == 0) {
		/* Cheap and common: text that is already UTF-8 is kept as it is. */
		if (!has_8bit(in, len) || utf8_valid(in, len)) {
			buf_add(out, in, len);
			buf_grow(out, 0);
			/* 8-bit text labelled latin-1 that is valid UTF-8 was mislabelled. */
			if (canon.len && strcmp(canon.data, "UTF-8") != 0 && has_8bit(in, len))
				rc = ERR_CHARSET;
			goto out;
		}
		if (ascii_like) {
			fallback_convert(in, len, out);
			rc = ERR_CHARSET;
			goto out;
		}
	}
	if (!iconv_convert(canon.data, in, len, out, &lossy)) {
		fallback_convert(in, len, out);
		rc = ERR_CHARSET;
	} else if (lossy) {
		rc = ERR_CHARSET;
	}
out:
	buf_release(&canon);
	return rc;
}

int charset_from_utf8(const char *to, const char *in, size_t len, struct buf *out)
{
	struct buf canon = BUF_INIT;
	size_t start = out->len;
	int rc = ERR_CHARSET;

	charset_canonical(to, &canon);
	if (!canon.len)
		goto out;
	if (strcmp(canon.data, "UTF-8") == 0) {
		buf_add(out, in, len);
		buf_grow(out, 0);
		rc = 0;
		goto out;
	}
	iconv_t cd = cached_iconv(canon.data, false);
	if (cd == (iconv_t)-1)
		goto out;
	char *ip = (char *)in, *op;
	size_t il = len, ol;
	while (il) {
		buf_grow(out, il * 4 + 16);
		op = out->data + out->len;
		ol = out->cap - out->len - 1;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		out->len = (size_t)(op - out->data);
		if (r == (size_t)-1 && errno != E2BIG) {
			/* A character with no representation: report, append nothing. */
			buf_setlen(out, start);
			goto out;
		}
	}
	buf_grow(out, 16);
	op = out->data + out->len;
	ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	rc = 0;
out:
	buf_release(&canon);
	return rc;
}
