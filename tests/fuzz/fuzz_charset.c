/*
 * fuzz_charset.c - charset conversion on arbitrary bytes and labels.
 *
 * The input is "label\n" then text, or, without a newline, a label chosen
 * by the first byte from the charsets mail uses. Invariants: conversion to
 * UTF-8 always gives valid UTF-8, NUL-terminated; converting that back to
 * the same charset either succeeds or appends nothing; label queries never
 * crash.
 */
#include "core/core.h"

static const char *const labels[] = {
	"utf-8",       "us-ascii",     "iso-8859-1",     "iso-8859-2", "iso-8859-7",
	"iso-8859-15", "windows-1251", "windows-1252",   "koi8-r",     "iso-2022-jp",
	"shift_jis",   "euc-jp",       "gb2312",         "gbk",        "gb18030",
	"big5",        "euc-kr",       "ks_c_5601-1987", "utf-7",      "utf-16",
	"iso-2022-kr", "x-unknown",    "x-bogus",        NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	struct buf label = BUF_INIT, out = BUF_INIT, back = BUF_INIT, canon = BUF_INIT;
	const char *cs;

	if (nl) {
		/* Labels are C strings: stop at a NUL, as the header parser would. */
		size_t n = (size_t)(nl - s);
		const char *z = memchr(s, '\0', n);
		buf_add(&label, s, z ? (size_t)(z - s) : n);
		cs = label.data;
		s = nl + 1;
		size -= n + 1;
	} else {
		cs = size ? labels[data[0] % ARRAY_SIZE(labels)] : NULL;
		if (size) {
			s++;
			size--;
		}
	}
	charset_canonical(cs, &canon);
	(void)charset_known(cs);
	(void)charset_is_utf8(cs);
	(void)charset_is_ascii(cs);

	charset_to_utf8(cs, s, size, &out);
	if (!utf8_valid(out.data, out.len) || out.data[out.len] != '\0')
		abort();
	buf_addstr(&back, "x");
	if (charset_from_utf8(cs, out.data, out.len, &back) != 0 && !buf_eq(&back, "x"))
		abort();

	buf_release(&label);
	buf_release(&out);
	buf_release(&back);
	buf_release(&canon);
	return 0;
}
