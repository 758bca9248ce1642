/*
 * mime.h - the public face of src/mime: turning a parsed message into the
 * text a reader sees, and describing its MIME structure. Writes into a
 * buffer; never touches the screen.
 */
#ifndef TERN_MIME_H
#define TERN_MIME_H

#include "config/config.h"
#include "email/email.h"

/*
 * Render the message (data, len) as mutt's pager shows it, in UTF-8:
 *
 * - the header fields, RFC 2047 decoded and unfolded, those named by
 *   hdr_order first, weeded by ignore/unignore when $weed is set (an empty
 *   ignore list shows every field, as mutt -n does); a blank line;
 * - the body: text parts charset-converted and transfer-decoded
 *   (format=flowed joined and rewrapped at $reflow_wrap when $reflow_text
 *   is set), multipart/alternative resolved by $alternative_order and
 *   then mutt's preference (enriched, plain, html), message/rfc822 shown
 *   inline with its own weeded headers, and in other multiparts mutt's
 *   "[-- Attachment #N: name --]" and "[-- Type: type/sub, Encoding: enc,
 *   Size: 1.2K --]" lines before each part; parts that cannot be shown get
 *   "[-- type/sub is unsupported (use 'v' to view this part) --]".
 *
 * cfg may be NULL: the variables' defaults and no ignore list (every field
 * is shown). Returns 0, or ERR_PARSE when the message was
 * damaged (the output is complete anyway: everything readable is shown).
 */
int render_message_cfg(const char *data, size_t len, const struct config *cfg, struct buf *out);
/*
 * Where render put its own "[-- ... --]" lines: the offset in out of each
 * one's start, ascending. A line of the message's text that looks the same
 * is the sender's, and must not be shown as tern's (a forged "[-- Good
 * signature --]" or attachment line).
 */
struct render_marks {
	size_t *at;
	size_t n, cap;
	/*
	 * In: the message came without parts the pager does not show
	 * (MX_READ_PARTIAL): a part with X-Tern-Omitted: <octets> is named
	 * "not downloaded". Never set for a message read whole, so a sender's
	 * own X-Tern-Omitted field hides nothing.
	 */
	bool partial;
};

/* render_message_cfg, noting tern's own lines in marks. */
int render_message_marked(const char *data, size_t len, const struct config *cfg, struct buf *out,
			  struct render_marks *marks);
void render_marks_release(struct render_marks *m);

/*
 * The header fields the pager shows, as indexes into h in the order shown:
 * weeded by ignore/unignore ($weed) and ordered by hdr_order, or with full
 * every field in its order. idx has room for h->n. Returns how many.
 */
size_t render_header_order(const struct header_list *h, const struct config *cfg, bool full,
			   size_t *idx);
/*
 * Append field f as the pager shows it, without a line break: unfolded,
 * addresses written for display, other values RFC 2047-decoded (a value
 * may then hold controls, even '\n'). Returns DEFECT_* flags.
 */
unsigned render_header_field(const struct header_field *f, struct buf *out);
/*
 * render_message_cfg with the settings of Debian's system Muttrc, which is
 * what a mutt user sees: ignore *, unignore from: subject to cc date
 * x-mailer x-url user-agent, hdr_order date from to cc subject.
 */
int render_message(const char *data, size_t len, struct buf *out);

/*
 * Describe the MIME tree of (data, len), one line per part (documented in
 * tern(1), --structure):
 *
 *   ID  INDENT TYPE/SUB; charset=C; encoding=E; disposition=D; name="F"; size=N
 *
 * ID is the part's path from the message (1), its children 1.1, 1.2..., a
 * message/rfc822's body below it; INDENT is two spaces per depth; charset
 * appears for text parts (and whenever declared), disposition and name
 * when present; size is the decoded size in bytes. Values with spaces,
 * ';' or quotes are quoted with '"' and '\' escapes. Returns 0, or
 * ERR_PARSE when defects were found.
 */
int render_structure(const char *data, size_t len, struct buf *out);

/*
 * Join format=flowed text (RFC 3676; UTF-8, after decoding) into
 * paragraphs and wrap them at `width` columns (0: no rewrapping), keeping
 * quote depth ("> " prefixes as mutt writes them) and the signature
 * separator. delsp: the DelSp=yes parameter. Appends to out.
 */
void flowed_format(const char *text, size_t len, bool delsp, size_t width, struct buf *out);

/*
 * A plain-text reading of simple HTML: tags dropped, head/style/script
 * skipped, block tags and <br> as line breaks, <li> as "* ", common
 * entities decoded. Appends to out. For an HTML part without a viewer.
 */
void html_to_text(const char *html, size_t len, struct buf *out);

#endif /* TERN_MIME_H */
