/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path: short call and reply-receive straight to the partner thread, and a
 * guest's exits to its VMM and the VMM's answers. */
#include <ipc.h>
#include <mem.h>
#include <timer.h>
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

/* Full form, no capabilities, at most the UTCB's 256 bytes (and no bits above). */
static inline bool full_message(uint64_t info)
{
	return TSR_MSG_FORM(info) == TSR_MSG_FULL && TSR_MSG_LENGTH(info) <= TSR_MSG_FULL_BYTES &&
	       !(info >> 30);
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

/* Will `p` (blocked) run once the current thread `t` blocks? The general code puts it
 * first at its priority (IPC hands it the CPU), so it runs unless a thread above it is
 * ready. The fast path takes it when nothing at or above its priority is ready (the
 * running thread is on no queue): then `p` is alone at its priority, as `t` was at its
 * own if that is above `p`'s, so the timer needs no change; on `t`'s CPU; neither with a
 * budget to charge. A partner on another CPU takes the general path, which queues it
 * there and kicks that CPU. Receivers are never guests; a guest's call through a direct
 * channel (SEND_VCPU) and the reply to it take the fast path too, switching the eager
 * part of its state (vcpu_arch.c). */
static inline bool runs_next(const struct percpu *cpu, const struct thread *t,
			     const struct thread *p)
{
	return !t->sc && !p->sc && p->rq.cpu == t->rq.cpu &&
	       rq_highest_prio(&cpu->rq) < (int)p->rq.prio;
}

/* The message registers, x1..x7 (info and six words; unused words are copied too).
 * All loaded, then all stored: the compiler pairs them (ldp/stp). copy_fault has the
 * same shape; one made of the other (a pointer to from->x[1]) costs 10 instructions a
 * round trip, the pairs lost to aliasing. */
static inline void copy_message(struct frame *to, const struct frame *from)
{
	uint64_t w1 = from->x[1], w2 = from->x[2], w3 = from->x[3], w4 = from->x[4],
		 w5 = from->x[5], w6 = from->x[6], w7 = from->x[7];
	to->x[1] = w1;
	to->x[2] = w2;
	to->x[3] = w3;
	to->x[4] = w4;
	to->x[5] = w5;
	to->x[6] = w6;
	to->x[7] = w7;
}

/* A fault message (fault_raise's: info and six words) into the message registers. */
static inline void copy_fault(struct frame *to, const uint64_t *m)
{
	uint64_t w0 = m[0], w1 = m[1], w2 = m[2], w3 = m[3], w4 = m[4], w5 = m[5], w6 = m[6];
	to->x[1] = w0;
	to->x[2] = w1;
	to->x[3] = w2;
	to->x[4] = w3;
	to->x[5] = w4;
	to->x[6] = w5;
	to->x[7] = w6;
}

/* A full-form message (f's x1 and from's UTCB) to `to`, as the general code's transfer
 * leaves it: x1 the info (already the general code's: no capabilities), the UTCB's
 * bytes; its x2..x7 untouched. False, nothing done, if either has no UTCB. */
static inline bool copy_full(struct thread *to, const struct thread *from, const struct frame *f)
{
	const struct tsr_utcb *fu = thread_utcb(from);
	struct tsr_utcb *tu = thread_utcb(to);
	if (!fu || !tu)
		return false;
	memcpy(tu->msg, fu->msg, TSR_MSG_LENGTH(f->x[1]));
	to->ctx.x[1] = f->x[1];
	return true;
}

/* p, now current, runs: its address space (which has a VMID: the caller checked)
 * installed, the floating-point registers closed to it, its registers restored on the
 * way out. */
static inline __attribute__((always_inline)) struct frame *run(struct percpu *cpu, struct thread *p,
							       struct vspace *vs)
{
	if (vs != cpu->active) {
		arch_set_vttbr((uint64_t)(uintptr_t)vs->root, vs->vmid);
		cpu->active = vs;
	}
	fp_switch_out(cpu);
	return &p->ctx;
}

/* `t` leaves the CPU and `p` runs: no queue changes (neither is on one). */
static inline __attribute__((always_inline)) struct frame *
switch_to(struct percpu *cpu, struct thread *t, struct thread *p, struct vspace *vs)
{
	trace_record(TRACE_IPC, p, 0);
	trace_record(TRACE_SWITCH, p, 0);
	t->state = THREAD_BLOCKED;
	t->slice = 0; /* as schedule() leaves a thread that blocks */
	p->state = THREAD_RUNNABLE;
	p->ipc = IPC_NONE;
	p->blocked_on = NULL;
	cpu->current = p;
	return run(cpu, p, vs);
}

/* t calls endpoint e with the badge and flags given, the message in f's x1..x7 (or,
 * with SEND_FAULT, t's fault message): straight to a waiting receiver that runs next
 * (it owes no reply: receiving drops an unanswered call, as the general code relies on
 * too); else NULL, nothing changed. */
static inline __attribute__((always_inline)) struct frame *
call_to(struct percpu *cpu, struct thread *t, const struct frame *f, const struct cap *c,
	unsigned flags, bool full)
{
	struct endpoint *e = (struct endpoint *)(uintptr_t)c->obj;
	struct thread *r = e->q.head;
	if (!r || r->ipc != IPC_RECV || !runs_next(cpu, t, r)) /* a receiver owes no reply */
		return NULL;
	struct vspace *vs = thread_vspace(r);
	if (!vs || !vs->vmid || (full && !copy_full(r, t, f)))
		return NULL;

	e->q.head = r->q_next;
	if (r->q_next)
		r->q_next->q_prev = NULL;
	else
		e->q.tail = NULL;
	r->q_next = NULL;
	r->ctx.x[0] = c->a; /* the badge */
	if (flags & SEND_FAULT)
		copy_fault(&r->ctx, t->fault);
	else if (!full)
		copy_message(&r->ctx, f);
	r->caller = t;
	t->ipc = IPC_REPLY;
	t->partner = r;
	t->send_flags = (uint8_t)flags;
	return switch_to(cpu, t, r, vs);
}

/* A call with a full-form message: the same, the message copied between the UTCBs (not
 * a leaf: memcpy). */
static __attribute__((noinline)) struct frame *call_full(struct frame *f)
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
		return full_message(f->x[1]) ? call_full(f) : call_slow(f);
	const struct cap *c = endpoint_cap(t, f->x[0], TSR_W);
	struct frame *next = c ? call_to(cpu, t, f, c, SEND_CALL, false) : NULL;
	return next ? next : call_slow(f);
}

/* The guest on vCPU thread t has left the CPU for `next` (native): the CPU is set up
 * for native threads, the guest's registers stay loaded (lazy switching). */
static inline struct frame *guest_left(struct percpu *cpu, const struct thread *t,
				       struct frame *next)
{
	arch_vcpu_leave(t->vcpu);
	cpu->in_guest = false;
	return next;
}

/* A guest's call through a direct channel (c, an endpoint capability): the same, and the
 * CPU set up for native threads; else the general code. */
struct frame *channel_call_fast(struct thread *t, struct frame *f, const struct cap *c)
{
	struct percpu *cpu = this_cpu();
	struct frame *next =
	    short_message(f->x[1]) ? call_to(cpu, t, f, c, SEND_CALL | SEND_VCPU, false) : NULL;
	return next ? guest_left(cpu, t, next) : channel_call(t, f, c);
}

/* A VM exit (t->fault holds its message, as fault_raise made it): straight to the VMM
 * waiting on the fault endpoint, as a call; NULL if not taken. */
struct frame *exit_fast(struct thread *t)
{
	struct percpu *cpu = this_cpu();
	const struct cap *c = &t->slot[TCB_FAULT_EP].cap;
	if (c->type != TSR_OBJ_ENDPOINT || !(c->rights & TSR_W))
		return NULL;
	struct frame *next = call_to(cpu, t, NULL, c, SEND_CALL | SEND_FAULT, false);
	return next ? guest_left(cpu, t, next) : NULL;
}

/* t replies to its caller c and waits on e, the endpoint x0 names (NULL: not one it may
 * receive on): straight to c if nobody waits on the endpoint (so t's place in its queue
 * is simply first) and c runs next; else NULL, nothing changed. */
static inline __attribute__((always_inline)) struct frame *
reply_recv_to(struct percpu *cpu, struct thread *t, struct thread *c, struct endpoint *e,
	      const struct frame *f, bool fault, bool full)
{
	if (!e || e->q.head || !runs_next(cpu, t, c))
		return NULL;
	struct vspace *vs = thread_vspace(c);
	if (!vs || !vs->vmid || (full && !copy_full(c, t, f)))
		return NULL;

	if (fault) {
		fault_reply(c, f); /* a VM exit's results; the registers are the guest's */
	} else {
		c->ctx.x[0] = 0;
		if (!full)
			copy_message(&c->ctx, f);
	}
	c->send_flags = 0;
	c->partner = NULL;
	t->caller = NULL;
	t->ipc = IPC_RECV;
	t->blocked_on = e;
	t->q_next = t->q_prev = NULL;
	e->q.head = e->q.tail = t;
	return switch_to(cpu, t, c, vs);
}

/* The reply goes to a guest (its call came through a direct channel, or it is the
 * answer to a VM exit): the same, if its registers are still those in the CPU (lazy
 * switching), and the CPU set up for it; else the general code. */
static inline __attribute__((always_inline)) struct frame *reply_to_guest(struct frame *f,
									  bool fault)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current, *c = t->caller;
	struct frame *next =
	    c->vcpu == cpu->loaded_vcpu
		? reply_recv_to(cpu, t, c, endpoint_of(t, f->x[0], TSR_R), f, fault, false)
		: NULL;
	if (!next)
		return reply_recv_slow(f);
	arch_vcpu_enter(c->vcpu);
	cpu->in_guest = true;
	return next;
}

/* Apart, so that sys_reply_recv stays a leaf function: a channel's reply, an exit's. */
static __attribute__((noinline)) struct frame *reply_recv_guest(struct frame *f)
{
	return reply_to_guest(f, false);
}

static __attribute__((noinline)) struct frame *reply_recv_exit(struct frame *f)
{
	return reply_to_guest(f, true);
}

/* A reply with a full-form message (or a short one with signals pending, or owing no
 * reply: the general code) to a native caller: the same, the message copied between the
 * UTCBs (not a leaf: memcpy); else the general code. */
static __attribute__((noinline)) struct frame *reply_recv_full(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current, *c = t->caller;
	struct frame *next = NULL;
	if (c && !(c->send_flags & (SEND_VCPU | SEND_FAULT)) && !(t->bound && t->bound->word))
		next = reply_recv_to(cpu, t, c, endpoint_of(t, f->x[0], TSR_R), f, false, true);
	return next ? next : reply_recv_slow(f);
}

struct frame *sys_reply_recv(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	struct thread *c = t->caller;
	/* A bound notification with bits pending ends the receive at once: the slow path. */
	if (!short_message(f->x[1]) || !c || (t->bound && t->bound->word))
		return full_message(f->x[1]) ? reply_recv_full(f) : reply_recv_slow(f);
	if (c->send_flags & SEND_VCPU)
		return reply_recv_guest(f);
	if (c->send_flags & SEND_FAULT) /* a VM exit; a native thread's fault: slow */
		return c->vcpu ? reply_recv_exit(f) : reply_recv_slow(f);
	struct frame *next =
	    reply_recv_to(cpu, t, c, endpoint_of(t, f->x[0], TSR_R), f, false, false);
	return next ? next : reply_recv_slow(f);
}

/* An interrupt or a signal woke a thread `p`. Its common case needs none of schedule()'s
 * decisions: `p` preempts the current thread `t` on this CPU, nothing at or above `p`'s
 * priority is ready, neither has a budget, `t` is alone at its priority (so no timer is
 * set), nobody is held for a time, and at most one of them is a guest (`p`'s registers
 * still those in the CPU). Nothing to charge (the time of dispatch only), no timer to
 * change: `t` goes first at its priority keeping the rest of its slice, `p` starts one,
 * and the switch, out of `t`'s guest or into `p`'s. IPC's hand-over (cpu->handoff) is not
 * pending: it is set only on the way to schedule(), which clears it. */
static inline __attribute__((always_inline)) struct frame *
preempt(struct percpu *cpu, struct thread *t, struct thread *p, struct vspace *vs)
{
	uint64_t now = timer_now();
	rq_insert_alone(&cpu->rq, &t->rq);
	cpu->dispatched = now;
	cpu->current = p;
	trace_record(TRACE_SWITCH, p, 0);
	slice_keep(cpu, t, now);
	slice_start(cpu, p, now);
	return run(cpu, p, vs);
}

/* Anything else: p queued where it was made ready (last at its priority), and schedule(). */
static __attribute__((noinline)) struct frame *woken_slow(struct thread *p)
{
	rq_enqueue(&this_cpu()->rq, &p->rq);
	return schedule();
}

/* Out of t's guest, or into p's (apart: schedule_woken stays a leaf function). */
static __attribute__((noinline)) struct frame *preempt_guest(struct percpu *cpu, struct thread *t,
							     struct thread *p, struct vspace *vs)
{
	struct vcpu *from = t->vcpu, *to = p->vcpu;
	if (to && (from || to != cpu->loaded_vcpu))
		return woken_slow(p);
	if (from) {
		arch_vcpu_leave(from);
		cpu->in_guest = false;
	} else {
		arch_vcpu_enter(to);
		cpu->in_guest = true;
	}
	return preempt(cpu, t, p, vs);
}

struct frame *schedule_woken(struct thread *p)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	if (!p)
		return schedule();
	if (rq_highest_prio(&cpu->rq) >= (int)p->rq.prio || p->rq.prio <= t->rq.prio || t->sc ||
	    p->sc || cpu->rq.head[t->rq.prio] || cpu->deadline != UINT64_MAX || cpu->throttled)
		return woken_slow(p);
	struct vspace *vs = thread_vspace(p);
	if (!vs || !vs->vmid)
		return woken_slow(p);
	if (t->vcpu || p->vcpu)
		return preempt_guest(cpu, t, p, vs);
	return preempt(cpu, t, p, vs);
}
