/* thread.c - PLACEHOLDER: to be replaced by the JWZ threading implementation */
#include "email/email.h"

int thread_build(const struct thread_msg *msgs, size_t n, unsigned flags,
		 int (*cmp)(int a, int b, void *ctx), void *ctx, struct thread_tree *out)
{
	memset(out, 0, sizeof(*out));
	out->root = n ? 0 : -1;
	out->nodes = xcalloc(n ? n : 1, sizeof(*out->nodes));
	out->node_of_msg = xcalloc(n ? n : 1, sizeof(int));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		out->nodes[i] = (struct thread_node){ (int)i, -1, -1, i + 1 < n ? (int)i + 1 : -1 };
		out->node_of_msg[i] = (int)i;
	}
	return 0;
}

void thread_tree_release(struct thread_tree *t)
{
	free(t->nodes);
	free(t->node_of_msg);
	memset(t, 0, sizeof(*t));
}
