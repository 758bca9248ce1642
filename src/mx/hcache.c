/* hcache.c - PLACEHOLDER: the LMDB header cache is being written */
#include "mx/mx-private.h"

struct hcache *hcache_open(const char *setting, const char *folder, struct buf *err)
{
	return NULL;
}

void hcache_close(struct hcache **hc)
{
	*hc = NULL;
}

struct menv *hcache_fetch(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
			  struct arena *mem)
{
	return NULL;
}

int hcache_store(struct hcache *hc, const char *key, size_t klen, uint64_t validity,
		 const struct menv *e)
{
	return 0;
}

int hcache_delete(struct hcache *hc, const char *key, size_t klen)
{
	return 0;
}

int hcache_commit(struct hcache *hc)
{
	return 0;
}
