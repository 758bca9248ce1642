/*
 * fuzz_date.c - date_parse on arbitrary bytes, and date_format on arbitrary
 * times and offsets.
 *
 * Invariants: a failed parse leaves valid = false; a successful one has a
 * zone offset within +-23:59 and round-trips: formatting it and parsing the
 * result gives the same time and offset, and formatting again the same text.
 * date_format never misbehaves on any time_t or offset (UBSan watches the
 * arithmetic), and its output for a time within the years 1..9999 always
 * parses back to that time.
 */
#include "email/email.h"

/* 0001-01-02 and 9999-12-30 00:00 UTC: a day's margin for any zone offset. */
#define SAFE_MIN (-62135596800LL + 86400)
#define SAFE_MAX (253402214400LL)

static void check_round_trip(const struct mail_date *d)
{
	struct mail_date again;
	struct buf a = BUF_INIT, b = BUF_INIT;

	date_format(d, &a);
	if (date_parse(a.data, a.len, &again) != 0 || !again.valid || again.time != d->time ||
	    again.tz_minutes != d->tz_minutes)
		abort();
	date_format(&again, &b);
	if (!buf_eq(&a, b.data))
		abort();
	buf_release(&a);
	buf_release(&b);
}

static void check_parse(const uint8_t *data, size_t size)
{
	struct mail_date d;

	if (date_parse((const char *)data, size, &d) != 0) {
		if (d.valid)
			abort();
		return;
	}
	if (!d.valid || d.tz_minutes < -(23 * 60 + 59) || d.tz_minutes > 23 * 60 + 59)
		abort();
	check_round_trip(&d);
}

/* The first 12 bytes as a raw time and offset, to reach date_format's edges. */
static void check_format(const uint8_t *data, size_t size)
{
	struct mail_date d = { 0 }, back;
	struct buf b = BUF_INIT;
	int64_t t;
	int32_t tz;

	if (size < 12)
		return;
	memcpy(&t, data, sizeof(t));
	memcpy(&tz, data + 8, sizeof(tz));
	d.time = (time_t)t;
	d.tz_minutes = tz;
	d.valid = true;
	date_format(&d, &b);
	if (t >= SAFE_MIN && t <= SAFE_MAX) {
		if (date_parse(b.data, b.len, &back) != 0 || back.time != d.time)
			abort();
		/* An offset no zone has is written as +0000. */
		if (tz >= -(23 * 60 + 59) && tz <= 23 * 60 + 59 && back.tz_minutes != tz)
			abort();
	}
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_parse(data, size);
	check_format(data, size);
	return 0;
}
