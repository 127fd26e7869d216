/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode invocations and capability deletion, iterative and preemptible. */
#include <cnode.h>
#include <plat.h>
#include <stddef.h>
#include <thread.h>
#include <vcpu.h>

struct cte *cnode_slot(const struct cap *cnode, uint64_t index)
{
	if (cnode->type != TSR_OBJ_CNODE || index >= (1ULL << cnode->size_bits))
		return NULL;
	return (struct cte *)(uintptr_t)cnode->obj + index;
}

/*
 * Objects that hold capabilities (CNodes, TCBs, vCPUs) are emptied slot by slot when their
 * last capability goes, before that capability leaves its slot. Until then it stays,
 * marked zombie (no lookup finds it), and the zombies form a stack through their `a`
 * word, so an object found inside one being emptied is emptied first: no recursion,
 * and every step is a preemption point. Their memory is not reusable before that,
 * since the zombie is still a child of the untyped.
 */
static struct cte *zombies;

/* Slot i inside an object that holds capabilities, or NULL past its end. */
static struct cte *inner_slot(const struct cap *c, uint64_t i)
{
	if (c->type == TSR_OBJ_TCB)
		return i < TCB_SLOTS ? &((struct thread *)(uintptr_t)c->obj)->slot[i] : NULL;
	if (c->type == TSR_OBJ_VCPU)
		return i < VCPU_CHANNELS ? &((struct vcpu *)(uintptr_t)c->obj)->chan[i] : NULL;
	if (c->type == TSR_OBJ_SCHED_CONTEXT)
		return i < 1 ? &((struct sched_context *)(uintptr_t)c->obj)->handler : NULL;
	return cnode_slot(c, i);
}

/* Deletes one capability; a final CNode or TCB becomes a zombie on the stack instead. */
static void delete_one(struct cte *s)
{
	object_cap_removed(&s->cap);
	if ((s->cap.type == TSR_OBJ_CNODE || s->cap.type == TSR_OBJ_TCB ||
	     s->cap.type == TSR_OBJ_VCPU || s->cap.type == TSR_OBJ_SCHED_CONTEXT) &&
	    cdt_is_final(s)) {
		if (s->cap.type == TSR_OBJ_TCB) /* stop it now; its slots empty later */
			thread_destroy((struct thread *)(uintptr_t)s->cap.obj);
		if (s->cap.type == TSR_OBJ_SCHED_CONTEXT) /* its thread runs unbudgeted */
			scheduler_unbind((struct sched_context *)(uintptr_t)s->cap.obj);
		if (s->cap.type == TSR_OBJ_VCPU) /* its thread is native again; channels later */
			vcpu_unbind((struct vcpu *)(uintptr_t)s->cap.obj);
		s->cap.flags |= CAP_ZOMBIE;
		s->cap.a = (uint64_t)(uintptr_t)zombies;
		s->cap.b = 0; /* next slot to empty */
		zombies = s;
		return;
	}
	struct cap cap = s->cap;
	if (cdt_remove(s))
		object_destroy(&cap);
}

static int reap(void)
{
	while (zombies) {
		struct cte *z = zombies;
		struct cte *inside = inner_slot(&z->cap, z->cap.b);
		if (!inside) { /* emptied: the zombie itself goes */
			zombies = (struct cte *)(uintptr_t)z->cap.a;
			cdt_remove(z);
			continue;
		}
		z->cap.b++;
		if (!cte_empty(inside) && !(inside->cap.flags & CAP_ZOMBIE))
			delete_one(inside);
		if (irq_pending())
			return -E_PREEMPTED;
	}
	return 0;
}

int cap_delete(struct cte *s)
{
	int err = reap();
	if (err || cte_empty(s))
		return err;
	delete_one(s);
	return reap();
}

int cap_revoke(struct cte *s)
{
	int err = reap();
	for (struct cte *leaf; !err && (leaf = cdt_leaf_descendant(s));) {
		delete_one(leaf);
		err = reap();
		if (!err && irq_pending())
			err = -E_PREEMPTED;
	}
	return err;
}

static bool badgeable(const struct cap *c)
{
	return c->type == TSR_OBJ_ENDPOINT || c->type == TSR_OBJ_NOTIFICATION;
}

long cnode_invoke(const struct cap *cnode, uint64_t method, const uint64_t *args,
		  struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	struct cte *dst = cnode_slot(cnode, args[0]);

	if (method == TSR_CNODE_DELETE || method == TSR_CNODE_REVOKE) {
		if (!dst)
			return -TSR_ESLOT;
		if (method == TSR_CNODE_DELETE)
			return cap_delete(dst); /* a zombie there: finish emptying it */
		if (cte_empty(dst) || (dst->cap.flags & CAP_ZOMBIE)) {
			err = reap();
			return err ? err : -TSR_EEMPTY;
		}
		return cap_revoke(dst);
	}
	if (method < TSR_CNODE_COPY || method > TSR_CNODE_MUTATE)
		return -TSR_ENOSYS;

	/* copy, mint, move, mutate: dest_index, src_cnode, src_index, rights, badge */
	struct cte *srcnode = lookup(args[1], &err);
	if (!srcnode)
		return err;
	if (srcnode->cap.type != TSR_OBJ_CNODE)
		return -TSR_ECAPTYPE;
	struct cte *src = cnode_slot(&srcnode->cap, args[2]);
	if (!dst || !src)
		return -TSR_ESLOT;
	if (cte_empty(src) || (src->cap.flags & CAP_ZOMBIE))
		return -TSR_EEMPTY;
	if (!cte_empty(dst))
		return -TSR_EOCCUPIED;

	bool moving = method == TSR_CNODE_MOVE || method == TSR_CNODE_MUTATE;
	bool mint = method == TSR_CNODE_MINT || method == TSR_CNODE_MUTATE;
	uint64_t rights = method == TSR_CNODE_MOVE ? src->cap.rights : args[3];
	uint64_t badge = mint ? args[4] : 0;
	if ((rights & ~(uint64_t)TSR_RIGHTS_ALL) || badge > TSR_BADGE_MAX)
		return -TSR_EINVAL;
	if (!moving && cap_is_unique(&src->cap))
		return -TSR_ECAPTYPE;
	if (badge && !badgeable(&src->cap))
		return -TSR_ECAPTYPE;
	if (badge && src->cap.a)
		return -TSR_EEXISTS; /* a badge is given once */

	if (moving) {
		cdt_move(dst, src);
		dst->cap.rights &= (uint8_t)rights;
		if (badge)
			dst->cap.a = badge;
		return 0;
	}
	struct cap copy = src->cap;
	copy.rights &= (uint8_t)rights;
	if (badge)
		copy.a = badge;
	cap_clear_mapping(&copy); /* each capability maps once */
	cdt_insert(dst, &copy, src);
	return 0;
}
