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
 *
 * The superset mapping is for reading only: text we send is converted to
 * exactly the charset it will be labelled with, or "iso-8859-1" would go out
 * carrying windows-1252 bytes.
 */
#include <iconv.h>
#include <pthread.h>

#include "core/charset_sb.h"

#define ICONV_CACHE 16
/*
 * glibc unloads a gconv module when its last descriptor closes, and loading
 * it again costs a dlopen (a millisecond for the CJK ones). A message that
 * cycles through more charsets than the cache holds would pay that for every
 * word, so the first descriptor of each charset name stays open for the life
 * of the process, and a cache miss costs microseconds. The cap is above the
 * number of names glibc knows (about 1,100 with aliases).
 */
#define PINNED_MAX 2048
/* The longest real label is about 30 characters; anything longer is junk. */
#define CS_NAME_MAX 48

struct iconv_entry {
	char name[CS_NAME_MAX + 1]; /* canonical source (or target) charset; "" when free */
	bool to_utf8;               /* direction */
	iconv_t cd;                 /* (iconv_t)-1 when iconv refused the name */
	unsigned long stamp;        /* for least-recently-used eviction */
};

/* Per thread, because backends parse mail in worker threads. */
static _Thread_local struct iconv_entry cache[ICONV_CACHE];
static _Thread_local unsigned long cache_clock;
static _Thread_local bool cache_registered;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t cache_key;
static bool cache_key_ok; /* false only if the system ran out of thread keys */

static pthread_mutex_t pinned_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pin {
	char *name;
	iconv_t cd;
} * pinned;
static size_t npinned, pinned_cap;

/* mutt's $assumed_charset, canonical; "" means windows-1252. Set from any thread. */
static pthread_mutex_t fallback_lock = PTHREAD_MUTEX_INITIALIZER;
static char fallback_name[CS_NAME_MAX + 1];

/* Windows-1252 0x80..0x9F. Undefined bytes map to the C1 control of the same value, as WHATWG does. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct alias {
	const char *label; /* lower case */
	const char *dec;   /* what iconv reads it as: often a superset */
	const char *enc;   /* what we write when sending under this label; NULL: dec */
};

/*
 * Labels from the WHATWG Encoding Standard that glibc's iconv lacks or maps
 * to a subset of what senders really use, plus mail-world names (Outlook's
 * ks_c_5601-1987, the UTF-7 of old Netscape). Sorted at first use.
 */
static struct alias aliases[] = {
	/* UTF-8 and UTF-7 */
	{ "unicode-1-1-utf-8", "UTF-8", NULL },
	{ "unicode11utf8", "UTF-8", NULL },
	{ "unicode20utf8", "UTF-8", NULL },
	{ "x-unicode20utf8", "UTF-8", NULL },
	{ "utf-8", "UTF-8", NULL },
	{ "utf8", "UTF-8", NULL },
	{ "x-utf8", "UTF-8", NULL },
	{ "unicode-1-1-utf-7", "UTF-7", NULL },
	{ "csunicode11utf7", "UTF-7", NULL },
	{ "utf-7", "UTF-7", NULL },
	{ "x-utf-7", "UTF-7", NULL },
	/* US-ASCII: kept apart so that UTF-8 mislabelled as ASCII survives */
	{ "us-ascii", "US-ASCII", NULL },
	{ "ascii", "US-ASCII", NULL },
	{ "ansi_x3.4-1968", "US-ASCII", NULL },
	{ "ansi_x3.4-1986", "US-ASCII", NULL },
	{ "iso646-us", "US-ASCII", NULL },
	{ "iso_646.irv:1991", "US-ASCII", NULL },
	{ "iso-ir-6", "US-ASCII", NULL },
	{ "us", "US-ASCII", NULL },
	{ "cp367", "US-ASCII", NULL },
	{ "ibm367", "US-ASCII", NULL },
	{ "csascii", "US-ASCII", NULL },
	/* Latin-1 is read as windows-1252 */
	{ "windows-1252", "CP1252", NULL },
	{ "cp1252", "CP1252", NULL },
	{ "x-cp1252", "CP1252", NULL },
	{ "iso-8859-1", "CP1252", "ISO-8859-1" },
	{ "iso8859-1", "CP1252", "ISO-8859-1" },
	{ "iso88591", "CP1252", "ISO-8859-1" },
	{ "iso_8859-1", "CP1252", "ISO-8859-1" },
	{ "iso_8859-1:1987", "CP1252", "ISO-8859-1" },
	{ "iso-ir-100", "CP1252", "ISO-8859-1" },
	{ "latin1", "CP1252", "ISO-8859-1" },
	{ "l1", "CP1252", "ISO-8859-1" },
	{ "cp819", "CP1252", "ISO-8859-1" },
	{ "ibm819", "CP1252", "ISO-8859-1" },
	{ "csisolatin1", "CP1252", "ISO-8859-1" },
	/* Latin-5 as windows-1254, Thai as windows-874 */
	{ "iso-8859-9", "CP1254", "ISO-8859-9" },
	{ "iso8859-9", "CP1254", "ISO-8859-9" },
	{ "iso88599", "CP1254", "ISO-8859-9" },
	{ "iso_8859-9", "CP1254", "ISO-8859-9" },
	{ "iso_8859-9:1989", "CP1254", "ISO-8859-9" },
	{ "iso-ir-148", "CP1254", "ISO-8859-9" },
	{ "latin5", "CP1254", "ISO-8859-9" },
	{ "l5", "CP1254", "ISO-8859-9" },
	{ "csisolatin5", "CP1254", "ISO-8859-9" },
	{ "x-cp1254", "CP1254", NULL },
	{ "tis-620", "WINDOWS-874", "TIS-620" },
	{ "iso-8859-11", "WINDOWS-874", "TIS-620" },
	{ "iso8859-11", "WINDOWS-874", "TIS-620" },
	{ "iso885911", "WINDOWS-874", "TIS-620" },
	{ "dos-874", "WINDOWS-874", NULL },
	{ "windows-874", "WINDOWS-874", NULL },
	/* Other single-byte labels glibc does not know */
	{ "iso-8859-6-e", "ISO-8859-6", NULL },
	{ "iso-8859-6-i", "ISO-8859-6", NULL },
	{ "csiso88596e", "ISO-8859-6", NULL },
	{ "csiso88596i", "ISO-8859-6", NULL },
	{ "sun_eu_greek", "ISO-8859-7", NULL },
	{ "iso-8859-8-e", "ISO-8859-8", NULL },
	{ "iso-8859-8-i", "ISO-8859-8", NULL },
	{ "csiso88598e", "ISO-8859-8", NULL },
	{ "csiso88598i", "ISO-8859-8", NULL },
	{ "logical", "ISO-8859-8", NULL },
	{ "visual", "ISO-8859-8", NULL },
	{ "csisolatin9", "ISO-8859-15", NULL },
	{ "l9", "ISO-8859-15", NULL },
	{ "latin9", "ISO-8859-15", NULL },
	{ "latin-9", "ISO-8859-15", NULL },
	{ "koi", "KOI8-R", NULL },
	{ "koi8", "KOI8-R", NULL },
	{ "koi8_r", "KOI8-R", NULL },
	{ "cskoi8r", "KOI8-R", NULL },
	{ "x-mac-roman", "MACINTOSH", NULL },
	{ "csmacintosh", "MACINTOSH", NULL },
	{ "x-mac-cyrillic", "MAC-CYRILLIC", NULL },
	{ "x-mac-ukrainian", "MACUKRAINIAN", NULL },
	{ "x-cp1250", "CP1250", NULL },
	{ "x-cp1251", "CP1251", NULL },
	{ "x-cp1253", "CP1253", NULL },
	{ "x-cp1255", "CP1255", NULL },
	{ "x-cp1256", "CP1256", NULL },
	{ "x-cp1257", "CP1257", NULL },
	{ "x-cp1258", "CP1258", NULL },
	/* Korean: Outlook's labels, all meaning Microsoft's superset */
	{ "ks_c_5601-1987", "CP949", NULL },
	{ "ks_c_5601-1989", "CP949", NULL },
	{ "ks_c_5601", "CP949", NULL },
	{ "ksc5601", "CP949", NULL },
	{ "ksc_5601", "CP949", NULL },
	{ "csksc56011987", "CP949", NULL },
	{ "iso-ir-149", "CP949", NULL },
	{ "korean", "CP949", NULL },
	{ "windows-949", "CP949", NULL },
	{ "euc-kr", "CP949", "EUC-KR" },
	{ "x-euc-kr", "CP949", "EUC-KR" },
	{ "cseuckr", "CP949", "EUC-KR" },
	/* Simplified Chinese: GB18030 reads GB2312 and GBK */
	{ "gb2312", "GB18030", "GB2312" },
	{ "gb_2312", "GB18030", "GB2312" },
	{ "gb_2312-80", "GB18030", "GB2312" },
	{ "csgb2312", "GB18030", "GB2312" },
	{ "csiso58gb231280", "GB18030", "GB2312" },
	{ "iso-ir-58", "GB18030", "GB2312" },
	{ "chinese", "GB18030", "GB2312" },
	{ "euc-cn", "GB18030", "GB2312" },
	{ "x-euc-cn", "GB18030", "GB2312" },
	{ "gbk", "GB18030", "GBK" },
	{ "x-gbk", "GB18030", "GBK" },
	{ "cp936", "GB18030", "GBK" },
	{ "ms936", "GB18030", "GBK" },
	{ "windows-936", "GB18030", "GBK" },
	/* Traditional Chinese */
	{ "big5", "BIG5-HKSCS", "BIG5" },
	{ "big-5", "BIG5-HKSCS", "BIG5" },
	{ "cn-big5", "BIG5-HKSCS", "BIG5" },
	{ "csbig5", "BIG5-HKSCS", "BIG5" },
	{ "x-x-big5", "BIG5-HKSCS", "BIG5" },
	/* Japanese: Microsoft's supersets are what Windows senders write */
	{ "shift_jis", "CP932", "SHIFT_JIS" },
	{ "shift-jis", "CP932", "SHIFT_JIS" },
	{ "sjis", "CP932", "SHIFT_JIS" },
	{ "x-sjis", "CP932", "SHIFT_JIS" },
	{ "ms_kanji", "CP932", "SHIFT_JIS" },
	{ "csshiftjis", "CP932", "SHIFT_JIS" },
	{ "windows-31j", "CP932", NULL },
	{ "ms932", "CP932", NULL },
	{ "x-euc-jp", "EUC-JP", NULL },
	{ "cseucpkdfmtjapanese", "EUC-JP", NULL },
	{ "iso-2022-jp", "ISO-2022-JP-2", "ISO-2022-JP" },
	{ "csiso2022jp", "ISO-2022-JP-2", "ISO-2022-JP" },
};

/* Labels that promise nothing: treat the text as undeclared. */
static const char *const meaningless[] = {
	"x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "none", "8bit",
};

static int alias_cmp(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->label, ((const struct alias *)b)->label);
}

/* Close this thread's descriptors when it exits (worker threads come and go). */
static void cache_release(void *unused)
{
	(void)unused;
	for (size_t i = 0; i < ICONV_CACHE; i++) {
		if (cache[i].name[0] && cache[i].cd != (iconv_t)-1)
			iconv_close(cache[i].cd);
		cache[i].name[0] = '\0';
	}
	cache_registered = false;
}

static void charset_init(void)
{
	qsort(aliases, ARRAY_SIZE(aliases), sizeof(aliases[0]), alias_cmp);
	/* Without a key, descriptors of exiting threads leak; conversion still works. */
	cache_key_ok = pthread_key_create(&cache_key, cache_release) == 0;
}

/*
 * Copy the label out of name, lower-cased, into buf (CS_NAME_MAX + 1 bytes).
 * Tolerates quotes, spaces and a stray ';' or "*lang" suffix (RFC 2231
 * section 5). A label that is too long becomes "?", which nothing knows.
 */
static size_t clean_label(const char *name, char *buf)
{
	const char *p = name ? name : "";
	size_t n = 0;

	while (*p && (is_space((unsigned char)*p) || *p == '"' || *p == '\''))
		p++;
	for (; p[n] && p[n] != '*' && p[n] != ';' && p[n] != '"' && p[n] != '\'' &&
	       !is_space((unsigned char)p[n]);
	     n++) {
		if (n == CS_NAME_MAX) {
			memcpy(buf, "?", 2);
			return 1;
		}
		buf[n] = (char)ascii_tolower((unsigned char)p[n]);
	}
	buf[n] = '\0';
	return n;
}

/*
 * The iconv name for label `name`: for reading (superset) or for writing.
 * Returns "" for no or a meaningless label; otherwise a table string or buf
 * (CS_NAME_MAX + 1 bytes) holding the upper-cased label.
 */
static const char *resolve(const char *name, char *buf, bool for_reading)
{
	struct alias key = { buf, NULL, NULL };
	size_t n;

	pthread_once(&init_once, charset_init);
	n = clean_label(name, buf);
	if (!n)
		return "";
	/* The common case first. */
	if (strcmp(buf, "utf-8") == 0)
		return "UTF-8";
	for (size_t i = 0; i < ARRAY_SIZE(meaningless); i++)
		if (strcmp(buf, meaningless[i]) == 0)
			return "";
	const struct alias *a =
		bsearch(&key, aliases, ARRAY_SIZE(aliases), sizeof(aliases[0]), alias_cmp);
	if (a)
		return for_reading || !a->enc ? a->dec : a->enc;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)ascii_toupper((unsigned char)buf[i]);
	return buf;
}

const char *charset_canonical(const char *name, struct buf *out)
{
	char tmp[CS_NAME_MAX + 1];

	buf_reset(out);
	buf_addstr(out, resolve(name, tmp, true));
	buf_grow(out, 0);
	return out->data;
}

/*
 * Only plain names reach iconv_open: glibc reads "//" suffixes and some
 * punctuation as options, and a message must not choose those. (It also
 * drops other punctuation, so "UTF)8" would name UTF-8.)
 */
static bool iconv_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > CS_NAME_MAX)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!is_alpha(c) && !is_digit(c) && !strchr("-_.:", c))
			return false;
	}
	return true;
}

/* Keep canon's gconv module loaded (see PINNED_MAX). */
static void pin_module(const char *canon)
{
	pthread_mutex_lock(&pinned_lock);
	for (size_t i = 0; i < npinned; i++)
		if (strcmp(pinned[i].name, canon) == 0)
			goto out;
	if (npinned < PINNED_MAX) {
		iconv_t cd = iconv_open("UTF-8", canon);
		if (cd != (iconv_t)-1) {
			ALLOC_GROW(pinned, npinned + 1, pinned_cap);
			pinned[npinned].name = xstrdup(canon);
			pinned[npinned++].cd = cd;
		}
	}
out:
	pthread_mutex_unlock(&pinned_lock);
}

static iconv_t cached_iconv(const char *canon, bool to_utf8)
{
	struct iconv_entry *victim = &cache[0];

	if (!iconv_name_ok(canon))
		return (iconv_t)-1;
	for (size_t i = 0; i < ICONV_CACHE; i++) {
		struct iconv_entry *e = &cache[i];
		if (e->name[0] && e->to_utf8 == to_utf8 && strcmp(e->name, canon) == 0) {
			e->stamp = ++cache_clock;
			if (e->cd != (iconv_t)-1)
				iconv(e->cd, NULL, NULL, NULL, NULL); /* reset shift state */
			return e->cd;
		}
		if (victim->name[0] && (!e->name[0] || e->stamp < victim->stamp))
			victim = e;
	}
	if (!cache_registered) {
		pthread_once(&init_once, charset_init);
		if (cache_key_ok)
			pthread_setspecific(cache_key, cache);
		cache_registered = true;
	}
	if (victim->name[0] && victim->cd != (iconv_t)-1)
		iconv_close(victim->cd);
	memcpy(victim->name, canon, strlen(canon) + 1);
	victim->to_utf8 = to_utf8;
	victim->cd = to_utf8 ? iconv_open("UTF-8", canon) : iconv_open(canon, "UTF-8");
	victim->stamp = ++cache_clock;
	if (victim->cd != (iconv_t)-1)
		pin_module(canon);
	return victim->cd;
}

bool charset_is_utf8(const char *name)
{
	char tmp[CS_NAME_MAX + 1];
	return strcmp(resolve(name, tmp, true), "UTF-8") == 0;
}

bool charset_is_ascii(const char *name)
{
	char tmp[CS_NAME_MAX + 1];
	return strcmp(resolve(name, tmp, true), "US-ASCII") == 0;
}

bool charset_known(const char *name)
{
	char tmp[CS_NAME_MAX + 1];
	const char *canon = resolve(name, tmp, true);

	return *canon && cached_iconv(canon, true) != (iconv_t)-1;
}

void charset_set_fallback(const char *name)
{
	char tmp[CS_NAME_MAX + 1];
	const char *canon = resolve(name, tmp, true);

	/* windows-1252 is the built-in default, decoded without iconv. */
	if (strcmp(canon, "CP1252") == 0)
		canon = "";
	pthread_mutex_lock(&fallback_lock);
	memcpy(fallback_name, canon, strlen(canon) + 1);
	pthread_mutex_unlock(&fallback_lock);
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

/* windows-1252 maps every byte, so it needs no iconv and never fails. */
static void cp1252_decode(const char *in, size_t len, struct buf *out)
{
	size_t i = 0;

	buf_grow(out, len + len / 2);
	while (i < len) {
		size_t j = i;
		while (j < len && (unsigned char)in[j] < 0x80)
			j++;
		buf_add(out, in + i, j - i);
		if (j < len)
			cp1252_byte((unsigned char)in[j++], out);
		i = j;
	}
}

/* A single-byte charset by its table; rejected bytes as in iconv_convert. */
static void sb_decode(const uint32_t *map, const char *in, size_t len, struct buf *out, bool *lossy)
{
	buf_grow(out, len + len / 2);
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)in[i];

		if (map[b] == b && b < 0x80) {
			buf_addch(out, (char)b);
		} else if (map[b] != SB_INVALID) {
			buf_add_utf8(out, map[b]);
		} else {
			cp1252_byte(b, out);
			*lossy = true;
		}
	}
	out->data[out->len] = '\0';
}

/*
 * iconv (in, len) from canon into out. Bytes iconv rejects are read as
 * windows-1252 and *lossy is set. Returns false when canon is unknown
 * (out untouched).
 */
static bool iconv_convert(const char *canon, const char *in, size_t len, struct buf *out,
			  bool *lossy)
{
	const uint32_t *map = sb_table_for(canon);
	if (map) {
		sb_decode(map, in, len, out, lossy);
		return true;
	}
	iconv_t cd = cached_iconv(canon, true);
	char *ip = (char *)in;
	size_t il = len, start = out->len;

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
		/*
		 * Some glibc converters report an error with nothing left to
		 * read (an incomplete state at the very end): there is no byte
		 * to keep, and reading one would be past the input.
		 */
		if (!il) {
			*lossy = true;
			break;
		}
		/*
		 * EILSEQ, or EINVAL for a sequence cut off at the end: keep the
		 * byte and move on. The shift state is left alone: it still
		 * describes the bytes that follow.
		 */
		cp1252_byte((unsigned char)*ip, out);
		ip++;
		il--;
		*lossy = true;
	}
	/* Flush any pending shift sequence (stateful charsets like ISO-2022-JP). */
	buf_grow(out, 16);
	char *op = out->data + out->len;
	size_t ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	/*
	 * Callers rely on valid UTF-8, and iconv does not promise it: glibc's
	 * UTF-8 and UTF-7 readers pass code points above U+10FFFF through.
	 */
	if (!utf8_valid(out->data + start, out->len - start)) {
		struct buf clean = BUF_INIT;
		utf8_sanitize(out->data + start, out->len - start, &clean);
		buf_setlen(out, start);
		buf_addbuf(out, &clean);
		buf_release(&clean);
		*lossy = true;
	}
	return true;
}

/* The ISO-2022-JP character sets we can rewrite as EUC-JP. */
enum jis_set { JIS_ASCII, JIS_KANA, JIS_X0208, JIS_X0212 };

/* Apply the escape sequence at in[*i] (ESC included); false when unknown. */
static bool jis_escape(const char *in, size_t len, size_t *i, enum jis_set *set)
{
	static const struct {
		const char *seq;
		enum jis_set set;
	} esc[] = {
		{ "(B", JIS_ASCII },  { "(J", JIS_ASCII },       { "(I", JIS_KANA },
		{ "$@", JIS_X0208 },  { "$B", JIS_X0208 },       { "$(B", JIS_X0208 },
		{ "$(D", JIS_X0212 }, { "&@\x1b$B", JIS_X0208 },
	};

	for (size_t k = 0; k < ARRAY_SIZE(esc); k++) {
		size_t n = strlen(esc[k].seq);
		if (len - *i - 1 >= n && memcmp(in + *i + 1, esc[k].seq, n) == 0) {
			*set = esc[k].set;
			*i += n + 1;
			return true;
		}
	}
	return false;
}

/*
 * Rewrite ISO-2022-JP as EUC-JP, so that EUC-JP-MS can read the NEC and IBM
 * rows that Windows puts into "iso-2022-jp" (CP50221: circled digits, Roman
 * numerals...) and glibc's ISO-2022-JP decoders reject. False when the input
 * uses anything else.
 */
static bool jis_to_eucjp(const char *in, size_t len, struct buf *out)
{
	enum jis_set set = JIS_ASCII;
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)in[i];
		if (c == 0x1B) {
			if (!jis_escape(in, len, &i, &set))
				return false;
			continue;
		}
		if (c >= 0x80)
			return false;
		if (c == 0x0E || c == 0x0F) { /* SO/SI: CP50222's katakana shift */
			set = c == 0x0E ? JIS_KANA : JIS_ASCII;
			i++;
			continue;
		}
		if (set == JIS_ASCII || c <= 0x20 || c == 0x7F) {
			buf_addch(out, c);
			i++;
		} else if (set == JIS_KANA) {
			if (c > 0x5F)
				return false;
			buf_addch(out, 0x8E);
			buf_addch(out, c | 0x80);
			i++;
		} else {
			unsigned char d = i + 1 < len ? (unsigned char)in[i + 1] : 0;
			if (d <= 0x20 || d >= 0x7F)
				return false;
			if (set == JIS_X0212)
				buf_addch(out, 0x8F);
			buf_addch(out, c | 0x80);
			buf_addch(out, d | 0x80);
			i += 2;
		}
	}
	return true;
}

/*
 * Japanese text from Windows declares EUC-JP or ISO-2022-JP but uses the
 * Microsoft variants. When the strict reading was lossy, read it again as
 * EUC-JP-MS and keep that if it is clean. Only then, because the strict
 * tables map a few characters (the wave dash) as the standard says.
 */
static bool convert_japanese_variant(const char *canon, const char *in, size_t len, struct buf *out,
				     size_t start)
{
	struct buf euc = BUF_INIT, alt = BUF_INIT;
	bool lossy = false, ok = false;

	if (strcmp(canon, "ISO-2022-JP-2") == 0 || strcmp(canon, "ISO-2022-JP") == 0) {
		if (!jis_to_eucjp(in, len, &euc))
			goto out;
		in = euc.data;
		len = euc.len;
	} else if (strcmp(canon, "EUC-JP") != 0) {
		goto out;
	}
	if (iconv_convert("EUC-JP-MS", in, len, &alt, &lossy) && !lossy) {
		buf_setlen(out, start);
		buf_addbuf(out, &alt);
		ok = true;
	}
out:
	buf_release(&euc);
	buf_release(&alt);
	return ok;
}

/*
 * Undeclared or undecodable text that is not entirely UTF-8. A configured
 * fallback charset reads all of it when it can (a legacy multi-byte charset
 * cannot be split at what merely looks like UTF-8); otherwise runs of valid
 * UTF-8 are kept and every other byte is read as windows-1252.
 */
static void fallback_convert(const char *in, size_t len, struct buf *out)
{
	char name[CS_NAME_MAX + 1];
	size_t start = out->len, i = 0;
	bool lossy = false;

	pthread_mutex_lock(&fallback_lock);
	memcpy(name, fallback_name, sizeof(name));
	pthread_mutex_unlock(&fallback_lock);
	if (name[0] && iconv_convert(name, in, len, out, &lossy)) {
		if (!lossy)
			return;
		buf_setlen(out, start);
	}
	while (i < len) {
		size_t ok = utf8_valid_prefix(in + i, len - i);
		buf_add(out, in + i, ok);
		i += ok;
		if (i < len)
			cp1252_byte((unsigned char)in[i++], out);
	}
}

/*
 * Old Japanese mail puts raw ISO-2022-JP into headers without declaring it.
 * Its escape sequences cannot be anything else, so undeclared text that
 * holds one is read as ISO-2022-JP, if that reading is clean.
 */
static bool convert_undeclared_jis(const char *in, size_t len, struct buf *out)
{
	const char *p = in, *end = in + len;
	size_t start = out->len;
	bool lossy = false;

	while ((p = memchr(p, 0x1B, (size_t)(end - p)))) {
		if (end - p >= 3 && (memcmp(p + 1, "$B", 2) == 0 || memcmp(p + 1, "$@", 2) == 0 ||
				     memcmp(p + 1, "(I", 2) == 0))
			break;
		p++;
	}
	if (!p || !iconv_convert("ISO-2022-JP-2", in, len, out, &lossy))
		return false;
	if (lossy && !convert_japanese_variant("ISO-2022-JP-2", in, len, out, start)) {
		buf_setlen(out, start);
		return false;
	}
	return true;
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
	char tmp[CS_NAME_MAX + 1];
	const char *canon = resolve(from, tmp, true);
	size_t start = out->len;
	bool lossy = false;

	buf_grow(out, len);
	if (!len)
		return 0;
	bool utf8 = utf8_valid(in, len);
	if (!*canon && utf8 && convert_undeclared_jis(in, len, out))
		return ERR_CHARSET;
	if (!*canon || strcmp(canon, "UTF-8") == 0 || strcmp(canon, "US-ASCII") == 0) {
		if (utf8) {
			buf_add(out, in, len);
			/* Declared ASCII but 8-bit: a lie, if a harmless one. */
			bool ascii = strcmp(canon, "US-ASCII") == 0;
			return ascii && has_8bit(in, len) ? ERR_CHARSET : 0;
		}
		fallback_convert(in, len, out);
		return ERR_CHARSET;
	}
	if (strcmp(canon, "CP1252") == 0) {
		/* 8-bit text labelled latin-1 that is valid UTF-8 was mislabelled. */
		if (utf8 && has_8bit(in, len)) {
			buf_add(out, in, len);
			return ERR_CHARSET;
		}
		cp1252_decode(in, len, out);
		return 0;
	}
	if (!iconv_convert(canon, in, len, out, &lossy)) {
		fallback_convert(in, len, out);
		return ERR_CHARSET;
	}
	if (lossy && convert_japanese_variant(canon, in, len, out, start))
		lossy = false;
	return lossy ? ERR_CHARSET : 0;
}

int charset_from_utf8(const char *to, const char *in, size_t len, struct buf *out)
{
	char tmp[CS_NAME_MAX + 1];
	const char *canon = resolve(to, tmp, false);
	size_t start = out->len;

	buf_grow(out, 0);
	if (!*canon || !utf8_valid(in, len))
		return ERR_CHARSET;
	if (strcmp(canon, "UTF-8") == 0) {
		buf_add(out, in, len);
		return 0;
	}
	iconv_t cd = cached_iconv(canon, false);
	if (cd == (iconv_t)-1)
		return ERR_CHARSET;
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
			return ERR_CHARSET;
		}
	}
	/* Return a stateful charset to its initial state (ISO-2022-JP's ESC ( B). */
	buf_grow(out, 16);
	op = out->data + out->len;
	ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	return 0;
}
