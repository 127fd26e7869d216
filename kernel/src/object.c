/* SPDX-License-Identifier: BSD-2-Clause */
/* Invocation dispatch by capability type, and what deleting a capability undoes. */
#include <cnode.h>
#include <ipc.h>
#include <object.h>
#include <smp.h>
#include <thread.h>
#include <vcpu.h>
#include <vspace.h>

void object_cap_removed(struct cap *cap)
{
	if ((cap->type == TSR_OBJ_FRAME || cap->type == TSR_OBJ_LARGE_FRAME ||
	     cap->type == TSR_OBJ_PAGE_TABLE) &&
	    cap->a)
		vspace_unmap_cap(cap);
}

void object_destroy(const struct cap *cap)
{
	switch (cap->type) {
	case TSR_OBJ_VSPACE:
		if (vspace_get(cap->a)) /* no CPU keeps it installed */
			smp_forget_vspace(vspace_get(cap->a));
		vspace_destroy(cap->a);
		break;
	case TSR_OBJ_ENDPOINT:
		endpoint_destroy((struct endpoint *)(uintptr_t)cap->obj);
		break;
	case TSR_OBJ_NOTIFICATION:
		notification_destroy((struct notification *)(uintptr_t)cap->obj);
		break;
	case TSR_OBJ_IRQ_HANDLER:
		irq_handler_destroy((unsigned)cap->obj);
		break;
	}
}

/* The object each method belongs to. */
static const uint8_t method_object[TSR_METHOD_COUNT] = {
#define TSR_ENTRY(n, name, obj, args, what) [TSR_##name] = TSR_OBJ_##obj,
    TSR_METHODS(TSR_ENTRY)
#undef TSR_ENTRY
};

/* A capability in the current thread's CSpace root (one level: the index is the cptr). */
struct cte *cspace_lookup(uint64_t cptr, long *err)
{
	struct thread *t = thread_current();
	struct cte *s = cnode_slot(&t->slot[TCB_CSPACE].cap, cptr);
	if (!s) {
		*err = -TSR_ESLOT;
		return NULL;
	}
	if (cte_empty(s) || (s->cap.flags & CAP_ZOMBIE)) {
		*err = -TSR_EEMPTY;
		return NULL;
	}
	return s;
}

static long dispatch(struct cte *s, uint64_t method, const uint64_t *args, uint64_t *result)
{
	unsigned type = s->cap.type == TSR_OBJ_LARGE_FRAME ? TSR_OBJ_FRAME : s->cap.type;
	if (method == 0 || method >= TSR_METHOD_COUNT)
		return -TSR_ENOSYS;
	if (method_object[method] != type)
		return -TSR_ECAPTYPE;
	switch (type) {
	case TSR_OBJ_UNTYPED:
		return untyped_invoke(s, method, args, cspace_lookup);
	case TSR_OBJ_CNODE:
		return cnode_invoke(&s->cap, method, args, cspace_lookup);
	case TSR_OBJ_TCB:
		return tcb_invoke((struct thread *)(uintptr_t)s->cap.obj, method, args, result,
				  cspace_lookup);
	case TSR_OBJ_PAGE_TABLE:
		return page_table_invoke(s, method, args, cspace_lookup);
	case TSR_OBJ_FRAME:
		return frame_invoke(s, method, args, result, cspace_lookup);
	case TSR_OBJ_SCHED_CONTROL:
		return sched_control_invoke(method, args, cspace_lookup);
	case TSR_OBJ_IRQ_CONTROL:
		return irq_control_invoke(method, args, cspace_lookup);
	case TSR_OBJ_IRQ_HANDLER:
		return irq_handler_invoke(s, method, args, cspace_lookup);
	case TSR_OBJ_VCPU:
		return vcpu_invoke((struct vcpu *)(uintptr_t)s->cap.obj, method, args,
				   cspace_lookup);
	}
	return -TSR_ECAPTYPE;
}

struct frame *sys_invoke(struct frame *f)
{
	long err = 0;
	uint64_t result = f->x[1];
	struct cte *s = cspace_lookup(f->x[0], &err);
	if (s)
		err = dispatch(s, f->x[1], &f->x[2], &result);
	if (err == -E_PREEMPTED) {
		f->elr -= 4; /* run the call again after the interrupt: it resumes */
		return schedule();
	}
	f->x[0] = (uint64_t)err;
	f->x[1] = result;
	return schedule();
}
