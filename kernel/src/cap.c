/* SPDX-License-Identifier: BSD-2-Clause */
/* The capability derivation tree: insert, move, remove, and finality. */
#include <cap.h>
#include <stddef.h>

bool cap_is_unique(const struct cap *c)
{
	return c->type == TSR_OBJ_UNTYPED || c->type == TSR_OBJ_SCHED_CONTROL ||
	       c->type == TSR_OBJ_IRQ_CONTROL;
}

void cap_clear_mapping(struct cap *c)
{
	if (c->type == TSR_OBJ_FRAME || c->type == TSR_OBJ_LARGE_FRAME ||
	    c->type == TSR_OBJ_PAGE_TABLE)
		c->a = c->b = 0;
}

bool cap_same_object(const struct cap *x, const struct cap *y)
{
	if (x->type != y->type || x->obj != y->obj)
		return false;
	/* Untyped ranges at one address differ by size. */
	return x->type != TSR_OBJ_UNTYPED || x->size_bits == y->size_bits;
}

static void link_after(struct cte *s, struct cte *parent, struct cte *after)
{
	s->parent = parent;
	s->prev = after;
	if (after) {
		s->next = after->next;
		after->next = s;
	} else {
		s->next = parent ? parent->child : NULL;
		if (parent)
			parent->child = s;
	}
	if (s->next)
		s->next->prev = s;
}

void cdt_insert(struct cte *dst, const struct cap *cap, struct cte *parent)
{
	dst->cap = *cap;
	dst->child = NULL;
	/* A copy goes first among its source's children; an object, after the last
	 * sibling of the same object if any, else first: same objects stay adjacent. */
	struct cte *after = NULL;
	if (parent)
		for (struct cte *c = parent->child; c; c = c->next)
			if (cap_same_object(&c->cap, cap)) {
				after = c;
				break;
			}
	link_after(dst, parent, after);
}

void cdt_move(struct cte *dst, struct cte *src)
{
	*dst = *src;
	if (dst->prev)
		dst->prev->next = dst;
	else if (dst->parent)
		dst->parent->child = dst;
	if (dst->next)
		dst->next->prev = dst;
	for (struct cte *c = dst->child; c; c = c->next)
		c->parent = dst;
	*src = (struct cte){0};
}

bool cdt_is_final(const struct cte *s)
{
	if (s->child)
		return false; /* copies of a capability name its object */
	if (s->parent && cap_same_object(&s->parent->cap, &s->cap))
		return false;
	if (s->prev && cap_same_object(&s->prev->cap, &s->cap))
		return false;
	return !(s->next && cap_same_object(&s->next->cap, &s->cap));
}

bool cdt_remove(struct cte *s)
{
	bool final = cdt_is_final(s);
	struct cte *first = s->child, *last = s->child;

	/* Children take the slot's place among its siblings. */
	for (struct cte *c = s->child; c; c = c->next) {
		c->parent = s->parent;
		last = c;
	}
	struct cte *before = s->prev, *after = s->next;
	if (first) {
		first->prev = before;
		last->next = after;
	} else {
		first = after;
		last = before;
	}
	if (before)
		before->next = first;
	else if (s->parent)
		s->parent->child = first;
	if (after)
		after->prev = last;
	*s = (struct cte){0};
	return final;
}

struct cte *cdt_leaf_descendant(struct cte *s)
{
	struct cte *c = s->child;
	if (!c)
		return NULL;
	while (c->child)
		c = c->child;
	return c;
}
