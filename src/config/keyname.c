/* keyname.c - PLACEHOLDER: being written */
#include "config/internal.h"
