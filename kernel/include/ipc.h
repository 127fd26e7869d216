/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoints, notifications, interrupts and faults: rendezvous IPC and signals. */
#ifndef IPC_H
#define IPC_H

#include <cap.h>
#include <thread.h>

/* Threads waiting on an object, highest priority first, FIFO within a priority. */
struct waitq {
	struct thread *head, *tail;
};

struct endpoint {
	struct waitq q; /* all senders or all receivers */
};
_Static_assert(sizeof(struct endpoint) <= 16, "endpoint object size");

struct notification {
	uint64_t word;
	struct waitq q;
	struct thread *bound; /* its RECV also returns for signals */
};
_Static_assert(sizeof(struct notification) <= 32, "notification object size");

void waitq_insert(struct waitq *q, struct thread *t);
static inline void waitq_remove(struct waitq *q, struct thread *t)
{
	if (t->q_prev)
		t->q_prev->q_next = t->q_next;
	else
		q->head = t->q_next;
	if (t->q_next)
		t->q_next->q_prev = t->q_prev;
	else
		q->tail = t->q_prev;
	t->q_next = t->q_prev = NULL;
}

/* System calls (kernel/src/endpoint.c, notification.c): the frame to resume. */
struct frame *sys_send(struct frame *f);
struct frame *sys_nbsend(struct frame *f);
struct frame *sys_call(struct frame *f);
struct frame *sys_recv(struct frame *f);
struct frame *sys_nbrecv(struct frame *f);
struct frame *sys_reply(struct frame *f);
struct frame *sys_reply_recv(struct frame *f);
struct frame *sys_signal(struct frame *f);
struct frame *sys_wait(struct frame *f);
struct frame *sys_poll(struct frame *f);

/* The thread's UTCB (its full-form message area), or NULL without one. */
static inline struct tsr_utcb *thread_utcb(const struct thread *t)
{
	const struct cap *c = &t->slot[TCB_UTCB].cap;
	return c->type == TSR_OBJ_FRAME ? (struct tsr_utcb *)(uintptr_t)c->obj : NULL;
}

/* CALL and REPLY_RECV have a fast path: kernel/src/fastpath.c defines sys_call and
 * sys_reply_recv, and hands every case it does not take to the general code below
 * (kernel/src/fastpath_absent.c hands them all). */
struct frame *call_slow(struct frame *f);
struct frame *reply_recv_slow(struct frame *f);

/* Runnable again; `first`: ahead of its priority's queue (it is the partner the
 * current thread just gave way to; on another CPU, it queues there as any other). */
static inline __attribute__((always_inline)) void ready(struct thread *t, bool first)
{
	struct percpu *cpu = this_cpu();
	t->state = THREAD_RUNNABLE;
	t->ipc = IPC_NONE;
	t->blocked_on = NULL;
	t->partner = NULL;
	if (t->rq.cpu != cpu->id) {
		scheduler_ready(t, false);
	} else if (first) {
		rq_enqueue_head(&cpu->rq, &t->rq);
		cpu->handoff = t;
		trace_record(TRACE_IPC, t, 0);
	} else {
		enqueue_here(cpu, t);
	}
}

/* Wake a blocked thread with x0 = result; it runs next if its priority allows. */
static inline void ipc_wake(struct thread *t, long result, bool first)
{
	if (!(t->send_flags & SEND_FAULT)) /* a faulted thread's registers are its own */
		t->ctx.x[0] = (uint64_t)result;
	t->send_flags = 0;
	ready(t, first);
}
/* Take a thread out of whatever IPC it is in; its call returns -TSR_EPEER. */
void ipc_cancel(struct thread *t);
void endpoint_destroy(struct endpoint *e);
void notification_signal(struct notification *n, uint64_t bits);
void notification_destroy(struct notification *n);
long notification_bind(struct thread *t, struct cte *ntfn);
void notification_unbind(struct thread *t);

/* A guest's call through a direct channel (endpoint capability c), short form only: as
 * a native call, with the message in x1..x7 and the reply put there (x0: 0 or -error). */
struct frame *channel_call(struct thread *t, struct frame *f, const struct cap *c);
/* The same through the fast path when it can (kernel/src/fastpath.c). */
struct frame *channel_call_fast(struct thread *t, struct frame *f, const struct cap *c);

/* A fault by the current thread: a message to its fault endpoint, or (without one) the
 * thread stopped and the decoded syndrome reported; the text is made only then. */
struct frame *fault_raise(struct thread *t, unsigned label, uint64_t esr, uint64_t addr,
			  uint64_t extra);
/* A VM exit straight to the VMM when it waits (kernel/src/fastpath.c); NULL otherwise. */
struct frame *exit_fast(struct thread *t);
/* The reply f to c's fault resumes c; for some faults it carries results. */
/* What runs next once an interrupt or a signal woke `woken` (collected: runnable, on no
 * queue yet; NULL: none) on this CPU: schedule() (`woken` queued first), or the fast
 * path's direct switch to it when it preempts the current thread and nothing else
 * changes (kernel/src/fastpath.c). */
struct frame *schedule_woken(struct thread *woken);
void fault_reply(struct thread *c, const struct frame *f);

/* Interrupt handlers (kernel/src/irq.c). */
long irq_control_invoke(uint64_t method, const uint64_t *args,
			struct cte *(*lookup)(uint64_t cptr, long *err));
long irq_handler_invoke(struct cte *h, uint64_t method, const uint64_t *args,
			struct cte *(*lookup)(uint64_t cptr, long *err));
void irq_handler_destroy(unsigned irq);
void irq_notification_gone(struct notification *n);

/* The capability x0 of the current thread names, if it has the type and rights. */
struct cte *ipc_cap(uint64_t cptr, unsigned type, unsigned rights, long *err);

#endif
