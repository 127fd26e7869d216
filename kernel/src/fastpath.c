/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path: short call and reply-receive straight to the partner thread. */
#include <ipc.h>
#include <trace.h>
#include <vcpu.h>

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
static inline const struct cap *endpoint_cap(const struct thread *t, uint64_t cptr, unsigned right)
{
	const struct cap *cn = &t->slot[TCB_CSPACE].cap;
	if (cn->type != TSR_OBJ_CNODE || (cptr >> cn->size_bits))
		return NULL;
	const struct cap *c = &((const struct cte *)(uintptr_t)cn->obj)[cptr].cap;
	if (c->type != TSR_OBJ_ENDPOINT || !(c->rights & right))
		return NULL;
	return c;
}

static inline struct endpoint *endpoint_of(const struct thread *t, uint64_t cptr, unsigned right)
{
	const struct cap *c = endpoint_cap(t, cptr, right);
	return c ? (struct endpoint *)(uintptr_t)c->obj : NULL;
}

/* Will `p` (blocked) run once the current thread `t` blocks? `t` runs, so it is of the
 * highest ready priority. The fast path's common case: `p` at `t`'s priority and on its
 * CPU (one compare: rq.place) with `t` alone there, so that `p` simply takes its place,
 * and neither with a budget to charge. A partner on another CPU takes the general path,
 * which queues it there and kicks that CPU.
 * Receivers are never guests; a guest's call through a direct channel (SEND_VCPU) and
 * the reply to it take the fast path too, switching the eager part of its state
 * (vcpu_arch.c). */
static inline bool runs_next(const struct thread *t, const struct thread *p)
{
	return p->rq.place == t->rq.place && !t->rq.next && !t->rq.prev && !t->sc && !p->sc;
}

/* Its other cases (call_apart, reply_recv_apart), neither with a budget: `p` above `t`
 * (a call to a server above its client: `p`'s priority is empty), or below it with `t`
 * alone at its priority and nothing ready from `p`'s priority up (a server's reply to
 * its client). `p` is then alone at its priority and needs no time slice. */
static inline bool runs_apart(const struct percpu *cpu, const struct thread *t,
			      const struct thread *p)
{
	if (t->sc || p->sc || p->rq.prio == t->rq.prio || p->rq.cpu != t->rq.cpu)
		return false;
	return p->rq.prio > t->rq.prio ||
	       (!t->rq.next && !t->rq.prev &&
		rq_highest_below(&cpu->rq, t->rq.prio) < (int)p->rq.prio);
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

/* `t` leaves the CPU and `p` runs, in p's address space (which has a VMID: the caller
 * checked); the run queue is already right. */
static inline __attribute__((always_inline)) struct frame *
switch_ready(struct percpu *cpu, struct thread *t, struct thread *p, struct vspace *vs)
{
	trace_record(TRACE_IPC, p, 0);
	trace_record(TRACE_SWITCH, p, 0);
	t->state = THREAD_BLOCKED;
	p->state = THREAD_RUNNABLE;
	p->ipc = IPC_NONE;
	p->blocked_on = NULL;
	cpu->current = p;
	if (vs != cpu->active) {
		arch_set_vttbr((uint64_t)(uintptr_t)vs->root, vs->vmid);
		cpu->active = vs;
	}
	fp_switch_out(cpu);
	return &p->ctx;
}

/* `t` leaves the CPU and `p` runs: at t's priority it simply takes t's place; at
 * another (apart), the queues' bitmaps change. */
static inline __attribute__((always_inline)) struct frame *
switch_to(struct percpu *cpu, struct thread *t, struct thread *p, struct vspace *vs, bool apart)
{
	if (apart) {
		rq_dequeue(&cpu->rq, &t->rq);
		rq_enqueue_head(&cpu->rq, &p->rq);
	} else {
		rq_swap(&cpu->rq, &t->rq, &p->rq);
	}
	return switch_ready(cpu, t, p, vs);
}

/* t calls endpoint e with the badge and flags given: straight to a waiting receiver
 * that owes no reply and runs next; else NULL, nothing changed. */
static inline __attribute__((always_inline)) struct frame *
call_to(struct percpu *cpu, struct thread *t, const struct frame *f, const struct cap *c,
	unsigned flags, bool apart)
{
	struct endpoint *e = (struct endpoint *)(uintptr_t)c->obj;
	struct thread *r = e->q.head;
	if (!r || r->ipc != IPC_RECV || r->caller ||
	    !(apart ? runs_apart(cpu, t, r) : runs_next(t, r)))
		return NULL;
	struct vspace *vs = thread_vspace(r);
	if (!vs || !vs->vmid)
		return NULL;

	e->q.head = r->q_next;
	if (r->q_next)
		r->q_next->q_prev = NULL;
	else
		e->q.tail = NULL;
	r->q_next = NULL;
	r->ctx.x[0] = c->a; /* the badge */
	copy_message(&r->ctx, f);
	r->caller = t;
	t->ipc = IPC_REPLY;
	t->partner = r;
	t->send_flags = (uint8_t)flags;
	return switch_to(cpu, t, r, vs, apart);
}

/* A call the common case did not take: the other cases, else the general code. Apart,
 * so that sys_call stays a leaf function. */
static __attribute__((noinline)) struct frame *call_apart(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	const struct cap *c = endpoint_cap(t, f->x[0], TSR_W);
	struct frame *next = c ? call_to(cpu, t, f, c, SEND_CALL, true) : NULL;
	return next ? next : call_slow(f);
}

struct frame *sys_call(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	if (!short_message(f->x[1]))
		return call_slow(f);
	const struct cap *c = endpoint_cap(t, f->x[0], TSR_W);
	struct frame *next = c ? call_to(cpu, t, f, c, SEND_CALL, false) : NULL;
	return next ? next : call_apart(f);
}

/* A guest's call through a direct channel (c, an endpoint capability): the same, and the
 * CPU is set up for native threads; NULL if not taken. */
static inline __attribute__((always_inline)) struct frame *
channel_call_to(struct thread *t, struct frame *f, const struct cap *c, bool apart)
{
	struct percpu *cpu = this_cpu();
	struct frame *next =
	    short_message(f->x[1]) ? call_to(cpu, t, f, c, SEND_CALL | SEND_VCPU, apart) : NULL;
	if (next) {
		arch_vcpu_leave(t->vcpu);
		cpu->in_guest = false;
	}
	return next;
}

static __attribute__((noinline)) struct frame *channel_call_apart(struct thread *t, struct frame *f,
								  const struct cap *c)
{
	struct frame *next = channel_call_to(t, f, c, true);
	return next ? next : channel_call(t, f, c);
}

struct frame *channel_call_fast(struct thread *t, struct frame *f, const struct cap *c)
{
	struct frame *next = channel_call_to(t, f, c, false);
	return next ? next : channel_call_apart(t, f, c);
}

/* t replies to its caller c and waits on the endpoint x0 names: straight to c if
 * nobody waits on the endpoint (so t's place in its queue is simply first) and c runs
 * next; else NULL, nothing changed. */
static inline __attribute__((always_inline)) struct frame *
reply_recv_to(struct percpu *cpu, struct thread *t, struct thread *c, const struct frame *f,
	      bool apart)
{
	struct endpoint *e = endpoint_of(t, f->x[0], TSR_R);
	if (!e || e->q.head || !(apart ? runs_apart(cpu, t, c) : runs_next(t, c)))
		return NULL;
	struct vspace *vs = thread_vspace(c);
	if (!vs || !vs->vmid)
		return NULL;

	c->ctx.x[0] = 0;
	copy_message(&c->ctx, f);
	c->send_flags = 0;
	c->partner = NULL;
	t->caller = NULL;
	t->ipc = IPC_RECV;
	t->blocked_on = e;
	t->q_next = t->q_prev = NULL;
	e->q.head = e->q.tail = t;
	return switch_to(cpu, t, c, vs, apart);
}

/* The reply goes to a guest (its call came through a direct channel): the same, if
 * its registers are still those in the CPU (lazy switching), and the CPU set up for it;
 * NULL if not taken. Apart, so that sys_reply_recv stays a leaf function. */
static inline __attribute__((always_inline)) struct frame *reply_to_guest(struct frame *f,
									  bool apart)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current, *c = t->caller;
	struct frame *next =
	    c->vcpu == cpu->loaded_vcpu ? reply_recv_to(cpu, t, c, f, apart) : NULL;
	if (next) {
		arch_vcpu_enter(c->vcpu);
		cpu->in_guest = true;
	}
	return next;
}

static __attribute__((noinline)) struct frame *reply_recv_guest_apart(struct frame *f)
{
	struct frame *next = reply_to_guest(f, true);
	return next ? next : reply_recv_slow(f);
}

static __attribute__((noinline)) struct frame *reply_recv_guest(struct frame *f)
{
	struct frame *next = reply_to_guest(f, false);
	return next ? next : reply_recv_guest_apart(f);
}

/* A reply the common case did not take (to a native caller; its preconditions held):
 * the other cases, else the general code. Apart, so that sys_reply_recv stays a leaf. */
static __attribute__((noinline)) struct frame *reply_recv_apart(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	struct frame *next = reply_recv_to(cpu, t, t->caller, f, true);
	return next ? next : reply_recv_slow(f);
}

struct frame *sys_reply_recv(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	struct thread *c = t->caller;
	/* A bound notification with bits pending ends the receive at once: the slow path. */
	if (!short_message(f->x[1]) || !c || (c->send_flags & SEND_FAULT) ||
	    (t->bound && t->bound->word))
		return reply_recv_slow(f);
	if (c->send_flags & SEND_VCPU)
		return reply_recv_guest(f);
	struct frame *next = reply_recv_to(cpu, t, c, f, false);
	return next ? next : reply_recv_apart(f);
}
