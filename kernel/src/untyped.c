/* SPDX-License-Identifier: BSD-2-Clause */
/* Untyped memory: retype into objects, clearing memory with preemption points. */
#include <cnode.h>
#include <object.h>
#include <plat.h>
#include <thread.h>
#include <vcpu.h>
#include <vspace.h>

#define RETYPE_MAX 256 /* objects per call */
#define UNTYPED_MIN_BITS 4
#define UNTYPED_MAX_BITS 47
#define CNODE_MAX_BITS 16

static const int8_t fixed_bits[TSR_OBJ_COUNT] = {
#define TSR_ENTRY(n, name, bits, what) [TSR_OBJ_##name] = (bits),
    TSR_OBJECTS(TSR_ENTRY)
#undef TSR_ENTRY
};

int object_bits(unsigned type, unsigned size_bits)
{
	switch (type) {
	case TSR_OBJ_UNTYPED:
		return size_bits >= UNTYPED_MIN_BITS && size_bits <= UNTYPED_MAX_BITS
			   ? (int)size_bits
			   : -1;
	case TSR_OBJ_CNODE:
		return size_bits >= 1 && size_bits <= CNODE_MAX_BITS
			   ? (int)size_bits + TSR_CNODE_SLOT_BITS
			   : -1;
	case TSR_OBJ_NULL:
	case TSR_OBJ_SCHED_CONTROL:
	case TSR_OBJ_IRQ_CONTROL:
	case TSR_OBJ_IRQ_HANDLER: /* made by IRQ_CONTROL_GET: its object is a line number */
		return -1;	  /* not made by retype */
	}
	return type < TSR_OBJ_COUNT ? fixed_bits[type] : -1;
}

/* The capability for a new object at `pa`, and the object's initial state. */
static struct cap make_object(const struct cap *ut, unsigned type, unsigned size_bits, uint64_t pa,
			      uint64_t size)
{
	struct cap c = {.type = (uint8_t)type, .rights = TSR_RIGHTS_ALL, .obj = pa};
	switch (type) {
	case TSR_OBJ_UNTYPED:
		c.size_bits = (uint8_t)size_bits;
		c.flags = ut->flags & CAP_DEVICE;
		/* Already-zeroed memory stays known as zeroed. */
		uint64_t clear_end = ut->obj + ut->b;
		c.b = clear_end > pa ? (clear_end - pa < size ? clear_end - pa : size) : 0;
		break;
	case TSR_OBJ_CNODE:
		c.size_bits = (uint8_t)size_bits;
		break;
	case TSR_OBJ_FRAME:
	case TSR_OBJ_LARGE_FRAME:
		c.size_bits = type == TSR_OBJ_FRAME ? 12 : 21;
		c.flags = ut->flags & CAP_DEVICE;
		break;
	case TSR_OBJ_TCB:
		thread_init((struct thread *)(uintptr_t)pa);
		break;
	case TSR_OBJ_VSPACE:
		vspace_create((pte_t *)(uintptr_t)pa, &c.a); /* ids counted in decode */
		break;
	case TSR_OBJ_VCPU:
		vcpu_init((struct vcpu *)(uintptr_t)pa);
		break;
	}
	return c;
}

/* type, size_bits, dest_cnode, dest_index, count */
long untyped_invoke(struct cte *ut, uint64_t method, const uint64_t *args,
		    struct cte *(*lookup)(uint64_t cptr, long *err))
{
	struct cap *u = &ut->cap;
	long err = 0;

	if (method != TSR_UNTYPED_RETYPE)
		return -TSR_ENOSYS;
	uint64_t type = args[0], size_bits = args[1], index = args[3], count = args[4];
	int bits = type < TSR_OBJ_COUNT ? object_bits((unsigned)type, (unsigned)size_bits) : -1;
	if (bits < 0 || count == 0 || count > RETYPE_MAX)
		return -TSR_EINVAL;
	if ((u->flags & CAP_DEVICE) && type != TSR_OBJ_FRAME && type != TSR_OBJ_LARGE_FRAME &&
	    type != TSR_OBJ_UNTYPED)
		return -TSR_ECAPTYPE; /* device memory holds no kernel objects */
	struct cte *cn = lookup(args[2], &err);
	if (!cn)
		return err;
	if (cn->cap.type != TSR_OBJ_CNODE)
		return -TSR_ECAPTYPE;
	if (!cnode_slot(&cn->cap, index) || !cnode_slot(&cn->cap, index + count - 1))
		return -TSR_ESLOT;
	for (uint64_t i = 0; i < count; i++)
		if (!cte_empty(cnode_slot(&cn->cap, index + i)))
			return -TSR_EOCCUPIED;
	if (type == TSR_OBJ_VSPACE && vspace_ids_free() < count)
		return -TSR_ENOMEM;

	/* With no object left, the whole untyped is free again (and no longer zeroed). */
	if (!ut->child && u->a) {
		u->a = 0;
		u->b = 0;
	}
	uint64_t size = 1ULL << bits, limit = 1ULL << u->size_bits;
	uint64_t start = ALIGN_UP(u->a, size);
	if (bits > u->size_bits || start > limit || count > (limit - start) >> bits)
		return -TSR_ENOMEM;
	uint64_t end = start + count * size;

	/* Zero [free, end) a page at a time; [free, b) is zero already. Progress stays in
	 * b, so a preempted call restarts where it stopped. */
	if (!(u->flags & CAP_DEVICE)) {
		if (u->b < u->a)
			u->b = u->a;
		while (u->b < end) {
			uint64_t step = PAGE_SIZE - (u->b & (PAGE_SIZE - 1));
			if (step > end - u->b)
				step = end - u->b;
			arch_clear((void *)(uintptr_t)(u->obj + u->b), step);
			u->b += step;
			if (u->b < end && irq_pending())
				return -E_PREEMPTED;
		}
	}
	for (uint64_t i = 0; i < count; i++) {
		struct cap c = make_object(u, (unsigned)type, (unsigned)size_bits,
					   u->obj + start + i * size, size);
		cdt_insert(cnode_slot(&cn->cap, index + i), &c, ut);
	}
	u->a = end;
	return 0;
}
