/* conn.c - placeholder */
#include "net/conn.h"

int net_conn_placeholder_;
