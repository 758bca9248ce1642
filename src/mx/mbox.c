/* mbox.c - PLACEHOLDER: the mbox and MMDF backends are being written */
#include "mx/mx-private.h"

const struct mx_ops mx_mbox_ops = { .type = MX_MBOX, .name = "mbox" };
const struct mx_ops mx_mmdf_ops = { .type = MX_MMDF, .name = "MMDF" };
