/* SPDX-License-Identifier: BSD-2-Clause */
/* Images built without the IPC fast path: every call and VM exit takes the general code. */
#include <ipc.h>

struct frame *sys_call(struct frame *f) { return call_slow(f); }

struct frame *sys_reply_recv(struct frame *f) { return reply_recv_slow(f); }

struct frame *channel_call_fast(struct thread *t, struct frame *f, const struct cap *c)
{
	return channel_call(t, f, c);
}

struct frame *exit_fast(struct thread *t)
{
	(void)t;
	return NULL;
}

struct frame *schedule_woken(struct thread *woken)
{
	if (woken)
		rq_enqueue(&this_cpu()->rq, &woken->rq);
	return schedule();
}
