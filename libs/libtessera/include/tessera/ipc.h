/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC and notification stubs: every register of a message passes in and out. */
#ifndef TESSERA_IPC_H
#define TESSERA_IPC_H

#include <tessera/abi.h>

/* The registers of an IPC: x0 (the capability in; the badge, 0, or -error out), x1 (the
 * message info) and x2..x7 (the words; for the extended form w[0] is the buffer). */
struct tsr_msg {
	long x0;
	unsigned long info;
	unsigned long w[TSR_MSG_SHORT_WORDS];
};

static inline void tsr_ipc(unsigned long nr, struct tsr_msg *m)
{
	register unsigned long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = m->x0;
	register unsigned long x1 __asm__("x1") = m->info;
	register unsigned long x2 __asm__("x2") = m->w[0];
	register unsigned long x3 __asm__("x3") = m->w[1];
	register unsigned long x4 __asm__("x4") = m->w[2];
	register unsigned long x5 __asm__("x5") = m->w[3];
	register unsigned long x6 __asm__("x6") = m->w[4];
	register unsigned long x7 __asm__("x7") = m->w[5];
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6),
			   "+r"(x7)
			 : "r"(x8)
			 : TSR_SVC_CLOBBERS);
	m->x0 = x0;
	m->info = x1;
	m->w[0] = x2;
	m->w[1] = x3;
	m->w[2] = x4;
	m->w[3] = x5;
	m->w[4] = x6;
	m->w[5] = x7;
}

/* Each returns x0: >= 0 (a badge for receives, else 0) or a negated TSR_E* error. */
#define TSR_IPC_STUB(name, NR)                                              \
	static inline long tsr_##name(unsigned long cap, struct tsr_msg *m) \
	{                                                                   \
		m->x0 = (long)cap;                                          \
		tsr_ipc(TSR_SYS_##NR, m);                                   \
		return m->x0;                                               \
	}
TSR_IPC_STUB(send, SEND)
TSR_IPC_STUB(nbsend, NBSEND)
TSR_IPC_STUB(call, CALL)
TSR_IPC_STUB(recv, RECV)
TSR_IPC_STUB(nbrecv, NBRECV)
TSR_IPC_STUB(reply_recv, REPLY_RECV)
#undef TSR_IPC_STUB

/* A short call with up to four words, all in registers (no struct in memory): returns
 * x0 and leaves the reply's info and words in *info and w[0..3]. */
static inline long tsr_call_short(unsigned long ep, unsigned long *info, unsigned long w[4])
{
	register unsigned long x8 __asm__("x8") = TSR_SYS_CALL;
	register long x0 __asm__("x0") = (long)ep;
	register unsigned long x1 __asm__("x1") = *info;
	register unsigned long x2 __asm__("x2") = w[0];
	register unsigned long x3 __asm__("x3") = w[1];
	register unsigned long x4 __asm__("x4") = w[2];
	register unsigned long x5 __asm__("x5") = w[3];
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 : "r"(x8)
			 : "x6", "x7", TSR_SVC_CLOBBERS);
	*info = x1;
	w[0] = x2, w[1] = x3, w[2] = x4, w[3] = x5;
	return x0;
}

static inline long tsr_reply(struct tsr_msg *m)
{
	tsr_ipc(TSR_SYS_REPLY, m);
	return m->x0;
}

static inline long tsr_notification_call(unsigned long nr, unsigned long cap)
{
	register unsigned long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = (long)cap;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : TSR_SVC_CLOBBERS);
	return x0;
}

static inline long tsr_signal(unsigned long ntfn)
{
	return tsr_notification_call(TSR_SYS_SIGNAL, ntfn);
}
/* The word (its bits, cleared), or -error. */
static inline long tsr_wait(unsigned long ntfn)
{
	return tsr_notification_call(TSR_SYS_WAIT, ntfn);
}
static inline long tsr_poll(unsigned long ntfn)
{
	return tsr_notification_call(TSR_SYS_POLL, ntfn);
}

#endif
