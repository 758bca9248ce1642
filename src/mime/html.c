/*
 * html.c - a plain reading of simple HTML, for an HTML part when there is
 * no viewer (auto_view and mailcap come later). It is not a renderer: it
 * drops tags, skips what is not text (head, style, script, comments),
 * turns block tags and <br> into line breaks, <li> into "* ", collapses
 * white space as a browser does and decodes the common entities. Anything
 * it does not understand is passed through as text, never dropped.
 */
#include "mime/internal.h"

struct html {
	struct buf *out;
	size_t start; /* where this text began in out */
	size_t line_start;
	bool space; /* white space is pending */
	int skip;   /* inside head/style/script */
};

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "amp", "&" },        { "lt", "<" },          { "gt", ">" },
	{ "quot", "\"" },      { "apos", "'" },        { "nbsp", "\u00a0" },
	{ "copy", "\u00a9" },  { "reg", "\u00ae" },    { "mdash", "\u2014" },
	{ "ndash", "\u2013" }, { "hellip", "\u2026" }, { "euro", "\u20ac" },
	{ "rsquo", "\u2019" }, { "lsquo", "\u2018" },  { "rdquo", "\u201d" },
	{ "ldquo", "\u201c" }, { "middot", "\u00b7" }, { "bull", "\u2022" },
	{ "pound", "\u00a3" }, { "trade", "\u2122" },
};

static bool at_line_start(const struct html *h)
{
	return h->out->len == h->line_start;
}

/* End the line, with up to `blank` empty lines after it; never at the very start. */
static void newline(struct html *h, size_t blank)
{
	size_t n = h->out->len, have = 0;

	while (n > h->start && h->out->data[n - 1] == '\n') {
		have++;
		n--;
	}
	if (n > h->start)
		while (have++ < blank + 1)
			buf_addch(h->out, '\n');
	h->line_start = h->out->len;
	h->space = false;
}

static void put_text(struct html *h, const char *s, size_t n)
{
	if (h->skip || n == 0)
		return;
	if (h->space && !at_line_start(h))
		buf_addch(h->out, ' ');
	h->space = false;
	buf_add(h->out, s, n);
}

static size_t utf8_put(uint32_t cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | cp >> 18);
	s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	s[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* "&name;" or "&#123;" / "&#x7b;" at s: the bytes it takes, or 0 when it is not one. */
static size_t entity(struct html *h, const char *s, size_t len)
{
	const char *semi = memchr(s, ';', len < 12 ? len : 12);
	size_t n;
	char tmp[8];

	if (!semi)
		return 0;
	n = (size_t)(semi - s);
	if (n >= 2 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		unsigned long cp = strtoul(s + (hex ? 3 : 2), NULL, hex ? 16 : 10);
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		put_text(h, tmp, utf8_put((uint32_t)cp, tmp));
		return n + 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(entities); i++)
		if (strlen(entities[i].name) == n - 1 &&
		    memcmp(s + 1, entities[i].name, n - 1) == 0) {
			put_text(h, entities[i].text, strlen(entities[i].text));
			return n + 1;
		}
	return 0;
}

static bool tag_is(const char *name, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (strlen(*set) == n && ascii_strncasecmp(name, *set, n) == 0)
			return true;
	return false;
}

static void tag(struct html *h, const char *s, size_t len)
{
	static const char *const skipped[] = { "head", "style", "script", "title", NULL };
	static const char *const paras[] = {
		"p",  "div", "table", "h1", "h2",         "h3",  "h4",
		"h5", "h6",  "ul",    "ol", "blockquote", "pre", NULL
	};
	static const char *const lines[] = { "br", "tr", "li", "hr", NULL };
	bool closing = len > 0 && s[0] == '/';
	size_t i = closing ? 1 : 0, n;

	n = i;
	while (n < len && (is_alpha((unsigned char)s[n]) || is_digit((unsigned char)s[n])))
		n++;
	if (tag_is(s + i, n - i, skipped)) {
		h->skip += closing ? (h->skip > 0 ? -1 : 0) : 1;
		return;
	}
	if (h->skip)
		return;
	if (tag_is(s + i, n - i, paras))
		newline(h, 1);
	else if (tag_is(s + i, n - i, lines) && !(closing && n - i == 2 && s[i] == 'l'))
		newline(h, 0);
	if (!closing && n - i == 2 && ascii_strncasecmp(s + i, "li", 2) == 0)
		buf_addstr(h->out, "* ");
	else if ((n - i == 2 && ascii_strncasecmp(s + i, "td", 2) == 0) ||
		 (n - i == 2 && ascii_strncasecmp(s + i, "th", 2) == 0))
		h->space = true;
}

void html_to_text(const char *html, size_t len, struct buf *out)
{
	struct html h = { out, out->len, out->len, false, 0 };
	size_t n;
	size_t i = 0;

	while (i < len) {
		char c = html[i];
		if (c == '<' && i + 3 < len && memcmp(html + i, "<!--", 4) == 0) {
			i += 4;
			while (i < len && !(i + 2 < len && memcmp(html + i, "-->", 3) == 0))
				i++;
			i = i < len ? i + 3 : len;
		} else if (c == '<' && i + 1 < len &&
			   (is_alpha((unsigned char)html[i + 1]) || strchr("/!?", html[i + 1]))) {
			const char *e = memchr(html + i, '>', len - i);
			size_t end = e ? (size_t)(e - html) : len;
			tag(&h, html + i + 1, end - i - 1);
			i = end + 1;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			h.space = true;
			i++;
		} else if (c == '&' && (n = entity(&h, html + i, len - i)) > 0) {
			i += n;
		} else {
			size_t k = i + 1;
			while (k < len && !strchr("< \t\r\n&", html[k]))
				k++;
			put_text(&h, html + i, k - i);
			i = k;
		}
	}
	/* closing block tags leave empty lines behind: the text ends with one line break */
	while (out->len > h.start && out->data[out->len - 1] == '\n')
		buf_setlen(out, out->len - 1);
	if (out->len > h.start)
		buf_addch(out, '\n');
}
