/*
 * bcache_parts.h - reading a large message for display only: which body
 * sections to fetch (the parts the pager shows inline), and a valid MIME
 * message built from them in which every part not fetched keeps its MIME
 * headers, an empty body and an IMAP_OMITTED_HEADER giving its size, so
 * the renderer can say "[-- image/png, 2.1M, not downloaded --]".
 *
 * Pure functions over a parsed BODYSTRUCTURE (imap/parse.h): the network
 * side is the caller's. Section names follow RFC 3501 6.4.5 / RFC 9051:
 * "HEADER" and "TEXT" for the message, "n.MIME" and "n" for a part,
 * "n.HEADER" and "n.TEXT" for a message/rfc822 part's message.
 *
 * What is shown is what src/mime/render.c shows inline: text parts
 * (attachments too, as mutt) and delivery reports, message/rfc822 parts with
 * their headers, and of a multipart/alternative the one part the renderer
 * picks ($alternative_order, then enriched over plain over html). Images,
 * application/..., audio, video and the other alternatives are
 * omitted. Everything that needs the whole message (save, pipe, reply,
 * patterns) must use the whole-message read instead.
 */
#ifndef TERN_IMAP_BCACHE_PARTS_H
#define TERN_IMAP_BCACHE_PARTS_H

#include "core/core.h"
#include "imap/parse.h"

/* The header an omitted part gets; its value is the part's size in octets (decimal). */
#define IMAP_OMITTED_HEADER "X-Tern-Omitted"

/* More sections than this in one message: the caller fetches it whole. */
#define IMAP_PARTS_MAX_SECTIONS 256
/* Nesting of parts followed. */
#define IMAP_PARTS_MAX_DEPTH 32

/*
 * The FETCH items for a display read of root (order: $alternative_order, or NULL), appended to items as
 * "BODY.PEEK[HEADER] BODY.PEEK[1.MIME] BODY.PEEK[1] ..." (no parentheses),
 * and the octets of the bodies asked for in *bytes (the caller compares it
 * with the message's size: little saved, fetch it whole). ERR_LIMIT (too
 * many sections, too deep) or ERR_PARSE (a multipart without a usable
 * boundary) with a reason in err: the caller fetches the whole message.
 */
int imap_parts_plan(const struct imap_body *root, const struct strlist *order, struct buf *items,
		    uint64_t *bytes, struct buf *err);

/* The bytes the server sent for section spec ("1.MIME"...), or NULL when it sent none. */
typedef const struct imap_str *(*imap_section_fn)(void *ctx, const char *spec);

/*
 * Append to out the message built from the sections that imap_parts_plan
 * asked for with the same order (get finds them), CRLF line ends as the server sent them.
 * ERR_PROTO when a section is missing, or imap_parts_plan's errors.
 */
int imap_parts_build(const struct imap_body *root, const struct strlist *order, imap_section_fn get,
		     void *ctx, struct buf *out, struct buf *err);

/* Messages smaller than this are read whole even for display. */
#define IMAP_DISPLAY_MIN ((uint64_t)256 * 1024)

struct mailbox;
/*
 * The mx read for display (mx_imap_read.c): a message of IMAP_DISPLAY_MIN
 * octets or more not in the body cache comes as its shown parts only, the
 * others marked IMAP_OMITTED_HEADER (never cached); anything else, or a
 * structure the plan refuses, reads whole as imap_read does. LF line ends.
 */
int imap_read_display(struct mailbox *mb, uint32_t id, struct buf *raw, struct buf *err);

#endif /* TERN_IMAP_BCACHE_PARTS_H */
