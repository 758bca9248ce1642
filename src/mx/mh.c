/* mh.c - PLACEHOLDER: the MH backend is being written */
#include "mx/mx-private.h"

const struct mx_ops mx_mh_ops = { .type = MX_MH, .name = "MH" };
