/*
 * conn_config.c - connection options from the configuration ($connect_timeout,
 * $certificate_file, $ssl_*), kept apart so that conn.c needs no config.
 */
#include "config/config.h"
#include "core/core.h"
#include "net/conn.h"

/* "" in the configuration means unset. */
static const char *str_or_null(const struct config *cfg, enum var_id id)
{
	const char *s = cfg_str(cfg, id);
	return *s ? s : NULL;
}

void conn_opts_from_config(struct conn_opts *o, const struct config *cfg)
{
	long t = cfg_num(cfg, V_connect_timeout);
	/* mutt waits forever for t < 0; tern never does, and uses its default. */
	o->connect_timeout_ms = t > 0 && t < 86400 ? (int)t * 1000 : 0;
	/* NeoMutt's $socket_timeout: the longest wait for the peer in one read or write. */
	t = cfg_num(cfg, V_socket_timeout);
	o->io_timeout_ms = t > 0 && t < 86400 ? (int)t * 1000 : 0;
	struct conn_tls_opts *tls = &o->tls;
	tls->cert_file = str_or_null(cfg, V_certificate_file);
	tls->ca_file = str_or_null(cfg, V_ssl_ca_certificates_file);
	tls->use_system_store = cfg_bool(cfg, V_ssl_usesystemcerts);
	tls->verify_host = cfg_bool(cfg, V_ssl_verify_host);
	tls->verify_dates = cfg_bool(cfg, V_ssl_verify_dates);
	tls->verify_name = str_or_null(cfg, V_ssl_verify_host_override);
	tls->partial_chains = cfg_bool(cfg, V_ssl_verify_partial_chains);
	tls->tls1_0 = cfg_bool(cfg, V_ssl_use_tlsv1);
	tls->tls1_1 = cfg_bool(cfg, V_ssl_use_tlsv1_1);
	tls->tls1_2 = cfg_bool(cfg, V_ssl_use_tlsv1_2);
	tls->tls1_3 = cfg_bool(cfg, V_ssl_use_tlsv1_3);
	tls->ciphers = str_or_null(cfg, V_ssl_ciphers);
}
