/*
 * imap.h - the public face of src/imap: the IMAP backend of the model.
 * The protocol's parts (session.h, parse.h, util.h) are for this layer and
 * its tests.
 */
#ifndef TERN_IMAP_IMAP_H
#define TERN_IMAP_IMAP_H

#include "mx/mx.h"

/* The IMAP backend's ops (imap:// and imaps:// URLs). */
extern const struct mx_ops mx_imap_ops;

/* Make the model know imap:// and imaps:// (mx_register_ops). Call once at start-up. */
void imap_register(void);

#endif /* TERN_IMAP_IMAP_H */
