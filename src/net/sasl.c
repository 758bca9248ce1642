/* sasl.c - placeholder */
#include "net/sasl.h"

int net_sasl_placeholder_;
