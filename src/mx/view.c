/* view.c - the thread-ordered list of a mailbox's messages, for the index */
#include "mx/mx.h"

static void fill_inputs(const struct mailbox *mb, struct thread_msg *in)
{
	for (size_t i = 0; i < mb->n; i++) {
		const struct envelope *e = &mb->msgs[i].env;
		in[i] = (struct thread_msg){
			.message_id = e->message_id,
			.refs = (const char *const *)e->references.v,
			.nrefs = e->references.n,
			.in_reply_to = e->in_reply_to.n ? e->in_reply_to.v[0] : NULL,
			.subject = e->subject,
			.date = e->date.valid ? e->date.time : 0,
		};
	}
}

static void push_row(struct thread_view *v, int msg, int depth, bool last, uint32_t cont)
{
	v->order[v->n] = msg;
	v->depth[v->n] = depth;
	v->last[v->n] = last;
	v->cont[v->n] = cont;
	v->n++;
}

/*
 * Walk the forest depth first without recursion (threads can be very deep).
 * Placeholders are not rows; their children take their depth.
 */
static void walk(const struct thread_tree *t, struct thread_view *v)
{
	struct frame {
		int node;
		int depth;
		uint32_t cont;
	} *stack = xmalloc((t->n + 1) * sizeof(*stack));
	size_t sp = 0;

	if (t->root >= 0)
		stack[sp++] = (struct frame){ t->root, 0, 0 };
	while (sp) {
		struct frame f = stack[--sp];
		const struct thread_node *nd = &t->nodes[f.node];
		bool last = nd->next < 0;
		int child_depth = f.depth;
		uint32_t child_cont = f.cont;

		/* The sibling is visited after this node's whole subtree. */
		if (nd->next >= 0)
			stack[sp++] = (struct frame){ nd->next, f.depth, f.cont };
		if (nd->msg >= 0) {
			push_row(v, nd->msg, f.depth, last, f.cont);
			child_depth = f.depth + 1;
			if (f.depth > 0 && f.depth <= 32 && !last)
				child_cont |= 1u << (f.depth - 1);
		}
		if (nd->child >= 0)
			stack[sp++] = (struct frame){ nd->child, child_depth, child_cont };
	}
	free(stack);
}

int mailbox_thread_view(const struct mailbox *mb, struct thread_view *v)
{
	struct thread_msg *in = xcalloc(mb->n ? mb->n : 1, sizeof(*in));
	struct thread_tree t;
	int rc;

	memset(v, 0, sizeof(*v));
	fill_inputs(mb, in);
	rc = thread_build(in, mb->n, 0, NULL, NULL, &t);
	if (rc == 0) {
		size_t n = mb->n ? mb->n : 1;
		v->order = xcalloc(n, sizeof(*v->order));
		v->depth = xcalloc(n, sizeof(*v->depth));
		v->last = xcalloc(n, sizeof(*v->last));
		v->cont = xcalloc(n, sizeof(*v->cont));
		walk(&t, v);
		thread_tree_release(&t);
	}
	free(in);
	return rc;
}

void thread_view_release(struct thread_view *v)
{
	free(v->order);
	free(v->depth);
	free(v->last);
	free(v->cont);
	memset(v, 0, sizeof(*v));
}
