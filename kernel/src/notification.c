/* SPDX-License-Identifier: BSD-2-Clause */
/* Notifications: a word of signal bits; signal, wait, poll, and binding to a thread. */
#include <ipc.h>
#include <object.h>
#include <vcpu.h>

void notification_signal(struct notification *n, uint64_t bits)
{
	struct thread *t = n->q.head;
	if (t) { /* a waiter takes the bits at once */
		bits |= n->word;
		n->word = 0;
		waitq_remove(&n->q, t);
		ipc_wake(t, (long)bits, false);
		return;
	}
	t = n->bound;
	if (t && t->vcpu) { /* a guest: its virtual interrupt; it polls the bits */
		n->word |= bits;
		vcpu_notified(t->vcpu);
		return;
	}
	if (t && t->state == THREAD_BLOCKED && t->ipc == IPC_RECV) {
		waitq_remove(&((struct endpoint *)t->blocked_on)->q, t);
		t->ctx.x[1] = TSR_MSGINFO(0, TSR_MSG_NOTIFY, 0, 0);
		ipc_wake(t, (long)(n->word | bits), false);
		n->word = 0;
		return;
	}
	n->word |= bits;
}

static struct notification *ntfn_arg(struct frame *f, unsigned rights, long *err)
{
	struct cte *c = ipc_cap(f->x[0], TSR_OBJ_NOTIFICATION, rights, err);
	return c ? (struct notification *)(uintptr_t)c->cap.obj : NULL;
}

struct frame *sys_signal(struct frame *f)
{
	long err;
	struct cte *c = ipc_cap(f->x[0], TSR_OBJ_NOTIFICATION, TSR_W, &err);
	struct thread *woken = NULL;
	if (c) {
		struct percpu *cpu = this_cpu();
		cpu->collect = &woken;
		notification_signal((struct notification *)(uintptr_t)c->cap.obj,
				    c->cap.a ? c->cap.a : 1);
		cpu->collect = NULL;
		err = 0;
	}
	f->x[0] = (uint64_t)err;
	return schedule_woken(woken);
}

struct frame *sys_wait(struct frame *f)
{
	struct thread *t = thread_current();
	long err;
	struct notification *n = ntfn_arg(f, TSR_R, &err);
	if (n && n->bound && n->bound != t)
		err = -TSR_ESTATE, n = NULL;
	if (!n) {
		f->x[0] = (uint64_t)err;
		return f;
	}
	if (n->word) {
		f->x[0] = n->word;
		n->word = 0;
		return f;
	}
	rq_dequeue(&this_cpu()->rq, &t->rq);
	t->state = THREAD_BLOCKED;
	t->ipc = IPC_WAIT;
	t->blocked_on = n;
	waitq_insert(&n->q, t);
	return schedule();
}

struct frame *sys_poll(struct frame *f)
{
	long err;
	struct notification *n = ntfn_arg(f, TSR_R, &err);
	if (n) {
		err = (long)n->word;
		n->word = 0;
	}
	f->x[0] = (uint64_t)err;
	return f;
}

long notification_bind(struct thread *t, struct cte *c)
{
	struct notification *n = (struct notification *)(uintptr_t)c->cap.obj;
	if (t->bound || n->bound)
		return -TSR_EEXISTS;
	if (n->q.head)
		return -TSR_ESTATE; /* someone waits on it already */
	t->bound = n;
	n->bound = t;
	return 0;
}

void notification_unbind(struct thread *t)
{
	if (t->bound) {
		t->bound->bound = NULL;
		t->bound = NULL;
	}
}

void notification_destroy(struct notification *n)
{
	while (n->q.head) {
		struct thread *t = n->q.head;
		waitq_remove(&n->q, t);
		ipc_wake(t, -TSR_EPEER, false);
	}
	if (n->bound)
		notification_unbind(n->bound);
	irq_notification_gone(n);
}
