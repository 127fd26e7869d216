/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoints: rendezvous send, receive, call and reply, in three message forms. */
#include <cnode.h>
#include <console.h>
#include <esr.h>
#include <fmt.h>
#include <ipc.h>
#include <mem.h>
#include <object.h>
#include <trace.h>
#include <vcpu.h>

void waitq_insert(struct waitq *q, struct thread *t)
{
	struct thread *after = q->tail;
	while (after && after->rq.prio < t->rq.prio)
		after = after->q_prev;
	t->q_prev = after;
	t->q_next = after ? after->q_next : q->head;
	if (after)
		after->q_next = t;
	else
		q->head = t;
	if (t->q_next)
		t->q_next->q_prev = t;
	else
		q->tail = t;
}

struct cte *ipc_cap(uint64_t cptr, unsigned type, unsigned rights, long *err)
{
	struct cte *s = cspace_lookup(cptr, err);
	if (s && s->cap.type != type) {
		*err = -TSR_ECAPTYPE;
		return NULL;
	}
	if (s && (s->cap.rights & rights) != rights) {
		*err = -TSR_ERIGHTS;
		return NULL;
	}
	return s;
}

/* The current thread blocks (it is on no ready queue: it runs). */
static void block(struct thread *t, enum ipc_wait wait, void *on)
{
	t->state = THREAD_BLOCKED;
	t->ipc = (uint8_t)wait;
	t->blocked_on = on;
}

/* A server's pending call goes unanswered: the caller learns; a faulted thread whose
 * handler moves on without replying stays stopped. */
static void drop_caller(struct thread *server)
{
	struct thread *c = server->caller;
	if (!c)
		return;
	server->caller = NULL;
	if (c->send_flags & SEND_FAULT) {
		c->send_flags = 0;
		c->ipc = IPC_NONE;
		c->partner = NULL;
		c->state = THREAD_SUSPENDED;
		return;
	}
	ipc_wake(c, -TSR_EPEER, false);
}

static bool user_range(const struct thread *t, uint64_t addr, uint64_t len, unsigned rights)
{
	return vspace_range(thread_vspace(t), addr, len, rights);
}

/* Copy between two address spaces, page by page (both ranges checked already). */
static void copy_between(const struct thread *from, uint64_t src, const struct thread *to,
			 uint64_t dst, uint64_t len)
{
	const struct vspace *fs = thread_vspace(from), *ts = thread_vspace(to);
	while (len) {
		uint64_t n, m;
		const void *s = vspace_piece(fs, src, len, VS_R, &n);
		void *d = vspace_piece(ts, dst, n, VS_W, &m);
		memcpy(d, s, m);
		src += m, dst += m, len -= m;
	}
}

/* The sender's side of a message: checked before anything happens. */
static long check_message(const struct thread *t, uint64_t info, uint64_t buffer, unsigned rights)
{
	uint64_t len = TSR_MSG_LENGTH(info), caps = TSR_MSG_NCAPS(info);
	if (info >> 32)
		return -TSR_EINVAL; /* bits no field uses */
	switch (TSR_MSG_FORM(info)) {
	case TSR_MSG_SHORT:
		return len > TSR_MSG_SHORT_WORDS ? -TSR_ELENGTH : caps ? -TSR_EINVAL : 0;
	case TSR_MSG_FULL:
		if (len > TSR_MSG_FULL_BYTES)
			return -TSR_ELENGTH;
		if (caps && !(rights & TSR_G))
			return -TSR_ERIGHTS;
		return thread_utcb(t) ? 0 : -TSR_ESTATE;
	case TSR_MSG_EXT:
		if (len > TSR_MSG_EXT_BYTES)
			return -TSR_ELENGTH;
		if (caps)
			return -TSR_EINVAL;
		return user_range(t, buffer, len, VS_R) ? 0 : -TSR_EFAULT;
	}
	return -TSR_EINVAL;
}

/* Capabilities named in the sender's UTCB, copied into the receiver's empty slots. */
static unsigned transfer_caps(const struct thread *from, const struct tsr_utcb *fu,
			      const struct thread *to, const struct tsr_utcb *tu, unsigned n)
{
	unsigned moved = 0;
	for (unsigned i = 0; i < n; i++) {
		struct cte *src = cnode_slot(&from->slot[TCB_CSPACE].cap, fu->send_caps[i]);
		struct cte *dst = cnode_slot(&to->slot[TCB_CSPACE].cap, tu->recv_slots[i]);
		if (!src || !dst || !tu->recv_slots[i] || cte_empty(src) || !cte_empty(dst) ||
		    (src->cap.flags & CAP_ZOMBIE) || cap_is_unique(&src->cap))
			continue;
		struct cap copy = src->cap;
		cap_clear_mapping(&copy);
		cdt_insert(dst, &copy, src);
		moved++;
	}
	return moved;
}

/*
 * Deliver a message (msg[0] the info, msg[1..6] the words; for the extended form
 * msg[1] the buffer) from `from` to the blocked or receiving `to`: its x0 = badge,
 * x1 = info, x2..x7 = words. Fails only for the receiver's side: no UTCB, or an
 * extended buffer too small or not writable.
 */
static long transfer(const struct thread *from, const uint64_t *msg, struct thread *to,
		     uint64_t badge, bool grant)
{
	uint64_t info = msg[0], len = TSR_MSG_LENGTH(info);
	struct tsr_utcb *tu;

	switch (TSR_MSG_FORM(info)) {
	case TSR_MSG_SHORT:
		memcpy(&to->ctx.x[2], &msg[1], TSR_MSG_SHORT_WORDS * sizeof(uint64_t));
		break;
	case TSR_MSG_FULL: {
		const struct tsr_utcb *fu = thread_utcb(from);
		if (!(tu = thread_utcb(to)))
			return -TSR_ESTATE;
		memcpy(tu->msg, fu->msg, len);
		unsigned caps = grant ? transfer_caps(from, fu, to, tu, TSR_MSG_NCAPS(info)) : 0;
		info = TSR_MSGINFO(TSR_MSG_LABEL(info), TSR_MSG_FULL, len, caps);
		break;
	}
	case TSR_MSG_EXT:
		if (!(tu = thread_utcb(to)))
			return -TSR_ESTATE;
		if (tu->recv_buffer_size < len)
			return -TSR_ELENGTH;
		if (!user_range(to, tu->recv_buffer, len, VS_W))
			return -TSR_EFAULT;
		copy_between(from, msg[1], to, tu->recv_buffer, len);
		break;
	}
	to->ctx.x[0] = badge;
	to->ctx.x[1] = info;
	return 0;
}

/* The call `caller` made is now `server`'s to answer. */
static void owe_reply(struct thread *server, struct thread *caller)
{
	server->caller = caller;
	caller->state = THREAD_BLOCKED;
	caller->ipc = IPC_REPLY;
	caller->blocked_on = NULL;
	caller->partner = server;
}

static struct frame *result(struct frame *f, long r)
{
	f->x[0] = (uint64_t)r;
	return schedule();
}

/* Sends from a thread (its registers) or for its fault (t->fault). */
static long send(struct thread *t, struct endpoint *e, const uint64_t *msg, uint64_t badge,
		 unsigned flags, bool block_ok)
{
	struct thread *r = e->q.head;
	if (r && r->ipc == IPC_RECV) {
		waitq_remove(&e->q, r);
		long err = transfer(t, msg, r, badge, flags & SEND_GRANT);
		if (err) {
			ipc_wake(r, err, false);
			return err;
		}
		if (flags & SEND_CALL) {
			t->send_flags = (uint8_t)flags;
			owe_reply(r, t);
		}
		ready(r, flags & SEND_CALL);
		return 0;
	}
	if (!block_ok)
		return -TSR_EAGAIN;
	t->send_badge = badge;
	t->send_flags = (uint8_t)flags;
	block(t, IPC_SEND, e);
	waitq_insert(&e->q, t);
	return 0;
}

/* Sends the message in t's registers x1..x7 on endpoint capability c. */
static struct frame *send_registers(struct thread *t, struct frame *f, const struct cap *c,
				    unsigned flags, bool block_ok)
{
	long err = send(t, (struct endpoint *)(uintptr_t)c->obj, &f->x[1], c->a, flags, block_ok);
	if (err || t->state == THREAD_RUNNABLE)
		f->x[0] = (uint64_t)err; /* done at once; else the partner sets x0 */
	return schedule();
}

static struct frame *do_send(struct frame *f, bool block_ok, bool call)
{
	struct thread *t = thread_current();
	long err;
	struct cte *c = ipc_cap(f->x[0], TSR_OBJ_ENDPOINT, TSR_W, &err);
	if (!c)
		return result(f, err);
	if ((err = check_message(t, f->x[1], f->x[2], c->cap.rights)))
		return result(f, err);
	unsigned flags = (call ? SEND_CALL : 0) | (c->cap.rights & TSR_G ? SEND_GRANT : 0);
	return send_registers(t, f, &c->cap, flags, block_ok);
}

struct frame *channel_call(struct thread *t, struct frame *f, const struct cap *c)
{
	if (TSR_MSG_FORM(f->x[1]) != TSR_MSG_SHORT) /* a guest has no UTCB */
		return result(f, -TSR_EINVAL);
	long err = check_message(t, f->x[1], 0, 0);
	return err ? result(f, err) : send_registers(t, f, c, SEND_CALL | SEND_VCPU, true);
}

struct frame *sys_send(struct frame *f) { return do_send(f, true, false); }
struct frame *sys_nbsend(struct frame *f) { return do_send(f, false, false); }

struct frame *call_slow(struct frame *f) { return do_send(f, true, true); }

static struct frame *do_recv(struct frame *f, bool block_ok)
{
	struct thread *t = thread_current();
	long err;
	struct cte *c = ipc_cap(f->x[0], TSR_OBJ_ENDPOINT, TSR_R, &err);
	if (!c)
		return result(f, err);
	drop_caller(t);
	struct notification *n = t->bound;
	if (n && n->word) {
		f->x[1] = TSR_MSGINFO(0, TSR_MSG_NOTIFY, 0, 0);
		f->x[0] = n->word;
		n->word = 0;
		return schedule();
	}
	struct endpoint *e = (struct endpoint *)(uintptr_t)c->cap.obj;
	struct thread *s = e->q.head;
	if (s && s->ipc == IPC_SEND) {
		waitq_remove(&e->q, s);
		const uint64_t *msg = s->send_flags & SEND_FAULT ? s->fault : &s->ctx.x[1];
		err = transfer(s, msg, t, s->send_badge, s->send_flags & SEND_GRANT);
		if (err) {
			ipc_wake(s, err, false);
			return result(f, err);
		}
		if (s->send_flags & SEND_CALL)
			owe_reply(t, s);
		else
			ipc_wake(s, 0, false);
		return schedule();
	}
	if (!block_ok)
		return result(f, -TSR_EAGAIN);
	block(t, IPC_RECV, e);
	waitq_insert(&e->q, t);
	return schedule();
}

struct frame *sys_recv(struct frame *f) { return do_recv(f, true); }
struct frame *sys_nbrecv(struct frame *f) { return do_recv(f, false); }

/* A reply to a fault resumes the thread; for some faults it carries results. */
void fault_reply(struct thread *c, const struct frame *f)
{
	unsigned label = TSR_MSG_LABEL(c->fault[0]);
	if (label == TSR_FAULT_SYSCALL) {
		c->ctx.x[0] = f->x[2]; /* the unknown call's result */
	} else if (c->vcpu) {	       /* a VM exit: see TSR_VMEXIT_* */
		if (f->x[2] & TSR_VMEXIT_ADVANCE)
			c->ctx.elr += 4;
		if (f->x[2] & TSR_VMEXIT_RESULTS)
			for (unsigned i = 0; i < 4; i++)
				c->ctx.x[i] = f->x[3 + i];
		if (f->x[2] & TSR_VMEXIT_LOAD)
			vcpu_load_result(c, f->x[3]);
	}
}

/* Answer the call t owes; on failure the caller keeps waiting. */
static long reply(struct thread *t, struct frame *f)
{
	struct thread *c = t->caller;
	if (!c)
		return -TSR_ESTATE;
	long err = check_message(t, f->x[1], f->x[2], 0);
	if (err)
		return err;
	if (c->send_flags & SEND_FAULT)
		fault_reply(c, f);
	else if ((err = transfer(t, &f->x[1], c, 0, false))) {
		return err;
	}
	t->caller = NULL;
	c->send_flags = 0;
	ready(c, true);
	return 0;
}

struct frame *sys_reply(struct frame *f) { return result(f, reply(thread_current(), f)); }

struct frame *reply_recv_slow(struct frame *f)
{
	struct thread *t = thread_current();
	if (t->caller) {
		long err = reply(t, f);
		if (err)
			return result(f, err);
	}
	return do_recv(f, true);
}

struct frame *fault_raise(struct thread *t, unsigned label, uint64_t esr, uint64_t addr,
			  uint64_t extra)
{
	const struct cap *ep = &t->slot[TCB_FAULT_EP].cap;
	if (ep->type != TSR_OBJ_ENDPOINT || !(ep->rights & TSR_W)) {
		char why[160];
		int n = esr_describe(esr, why, sizeof(why));
		if (addr != t->ctx.elr) /* an abort: where */
			n = fmt_append(why, sizeof(why), n, " at 0x%llx", (unsigned long long)addr);
		if (t->vcpu)
			fmt_append(why, sizeof(why), n, " (in a guest)");
		thread_stop(t, why);
		kprintf("  pc 0x%llx  sp 0x%llx  esr 0x%llx\n", (unsigned long long)t->ctx.elr,
			(unsigned long long)t->ctx.sp, (unsigned long long)esr);
		return schedule();
	}
	t->fault[0] = TSR_MSGINFO(label, TSR_MSG_SHORT, 4, 0);
	t->fault[1] = esr;
	t->fault[2] = addr;
	t->fault[3] = t->ctx.elr;
	t->fault[4] = extra;
	t->fault[5] = t->fault[6] = 0;
	struct frame *next = t->vcpu ? exit_fast(t) : NULL;
	if (next)
		return next;
	send(t, (struct endpoint *)(uintptr_t)ep->obj, t->fault, ep->a, SEND_CALL | SEND_FAULT,
	     true);
	return schedule();
}

void ipc_cancel(struct thread *t)
{
	drop_caller(t);
	if (t->state != THREAD_BLOCKED)
		return;
	switch (t->ipc) {
	case IPC_SEND:
	case IPC_RECV:
		waitq_remove(&((struct endpoint *)t->blocked_on)->q, t);
		break;
	case IPC_WAIT:
		waitq_remove(&((struct notification *)t->blocked_on)->q, t);
		break;
	case IPC_REPLY:
		if (t->partner)
			t->partner->caller = NULL;
		break;
	}
	if (!(t->send_flags & SEND_FAULT) && t->ipc != IPC_WFI) /* WFI: not a call */
		t->ctx.x[0] = (uint64_t)-TSR_EPEER;
	t->send_flags = 0;
	t->ipc = IPC_NONE;
	t->blocked_on = NULL;
	t->partner = NULL;
	t->state = THREAD_SUSPENDED; /* the caller decides what it becomes */
}

void endpoint_destroy(struct endpoint *e)
{
	while (e->q.head) {
		struct thread *t = e->q.head;
		waitq_remove(&e->q, t);
		ipc_wake(t, -TSR_EPEER, false);
	}
}
