/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path: short call and reply-receive straight to the partner thread. */
#include <ipc.h>

/*
 * Each system call either finishes exactly as the general code in endpoint.c would,
 * or changes nothing and hands over to it. Built into images by default;
 * tessera_image(... NOFASTPATH) links fastpath_absent.c instead, and the IPC tests run
 * both ways. docs/ipc.md counts the instructions.
 */

/* Short form, no capabilities, at most six words: the form, length and cap fields
 * (bits 16 and up) hold at most the length 6. */
static inline bool short_message(uint64_t info)
{
	return (info >> 16) <= (TSR_MSG_SHORT_WORDS << 2) && !(info & (3UL << 16));
}

/* The endpoint capability x0 names, with `right`, or NULL. */
static inline struct endpoint *endpoint_of(const struct thread *t, uint64_t cptr, unsigned right)
{
	const struct cap *cn = &t->slot[TCB_CSPACE].cap;
	if (cn->type != TSR_OBJ_CNODE || (cptr >> cn->size_bits))
		return NULL;
	const struct cap *c = &((const struct cte *)(uintptr_t)cn->obj)[cptr].cap;
	if (c->type != TSR_OBJ_ENDPOINT || !(c->rights & right))
		return NULL;
	return (struct endpoint *)(uintptr_t)c->obj;
}

/* Will `p` run once the current thread `t` blocks? `t` runs, so it is of the highest
 * ready priority; the fast path takes the case of `p` at the same priority with `t`
 * alone there (so `p` simply takes its place), and neither with a budget to charge.
 * Other cases need the run queues' bitmaps: the general code. A guest (a caller
 * through a direct channel, SEND_VCPU) is always resumed by the general code, which
 * switches its EL1 state; receivers are never guests. */
static inline bool runs_next(const struct thread *t, const struct thread *p)
{
	return p->rq.prio == t->rq.prio && !t->rq.next && !t->rq.prev && !t->sc && !p->sc;
}

/* The message registers, x1..x7 (info and six words; unused words are copied too). */
static inline void copy_message(struct frame *to, const struct frame *from)
{
	to->x[1] = from->x[1];
	to->x[2] = from->x[2];
	to->x[3] = from->x[3];
	to->x[4] = from->x[4];
	to->x[5] = from->x[5];
	to->x[6] = from->x[6];
	to->x[7] = from->x[7];
}

/* `t` leaves the CPU and `p` takes its place, in p's address space (which has a VMID:
 * the caller checked). */
static inline struct frame *switch_to(struct percpu *cpu, struct thread *t, struct thread *p,
				      struct vspace *vs)
{
	rq_swap(&cpu->rq, &t->rq, &p->rq);
	t->state = THREAD_BLOCKED;
	p->state = THREAD_RUNNABLE;
	p->ipc = IPC_NONE;
	p->blocked_on = NULL;
	cpu->current = p;
	if (vs != cpu->active) {
		arch_set_vttbr((uint64_t)(uintptr_t)vs->root, vs->vmid);
		cpu->active = vs;
	}
	return &p->ctx;
}

struct frame *sys_call(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	if (!short_message(f->x[1]))
		return call_slow(f);
	const struct cap *cn = &t->slot[TCB_CSPACE].cap;
	struct endpoint *e = endpoint_of(t, f->x[0], TSR_W);
	if (!e)
		return call_slow(f);
	/* A receiver waits, owes no reply, and runs next. */
	struct thread *r = e->q.head;
	if (!r || r->ipc != IPC_RECV || r->caller || !runs_next(t, r))
		return call_slow(f);
	struct vspace *vs = thread_vspace(r);
	if (!vs || !vs->vmid)
		return call_slow(f);

	e->q.head = r->q_next;
	if (r->q_next)
		r->q_next->q_prev = NULL;
	else
		e->q.tail = NULL;
	r->q_next = NULL;
	r->ctx.x[0] = ((const struct cte *)(uintptr_t)cn->obj)[f->x[0]].cap.a; /* badge */
	copy_message(&r->ctx, f);
	r->caller = t;
	t->ipc = IPC_REPLY;
	t->partner = r;
	t->send_flags = SEND_CALL;
	return switch_to(cpu, t, r, vs);
}

struct frame *sys_reply_recv(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	struct thread *c = t->caller;
	if (!short_message(f->x[1]) || !c || (c->send_flags & (SEND_FAULT | SEND_VCPU)) || t->bound)
		return reply_recv_slow(f);
	struct endpoint *e = endpoint_of(t, f->x[0], TSR_R);
	/* Nobody waits on the endpoint (so this receive blocks, and t's place in the queue
	 * is simply first), and the caller runs next. */
	if (!e || e->q.head || !runs_next(t, c))
		return reply_recv_slow(f);
	struct vspace *vs = thread_vspace(c);
	if (!vs || !vs->vmid)
		return reply_recv_slow(f);

	c->ctx.x[0] = 0;
	copy_message(&c->ctx, f);
	c->send_flags = 0;
	c->partner = NULL;
	t->caller = NULL;
	t->ipc = IPC_RECV;
	t->blocked_on = e;
	t->q_next = t->q_prev = NULL;
	e->q.head = e->q.tail = t;
	return switch_to(cpu, t, c, vs);
}
