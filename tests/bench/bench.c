/* SPDX-License-Identifier: BSD-2-Clause */
/* EL0 benchmarks: retired instructions per operation, read from the PMU at EL0. */
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>
#include <tessera/user.h>

#define ROUNDS 64

static struct tsr_root r;
static long shared_frame; /* the page the benchmark threads share */

/* The fewest instructions one operation took over ROUNDS tries, less the
 * instructions of reading the counter. Under -icount every try gives the same. */
#define MEASURE(result, op)                                          \
	do {                                                         \
		unsigned long best_ = ~0UL;                          \
		for (int i_ = 0; i_ < ROUNDS; i_++) {                \
			unsigned long t0_ = tsr_instructions(), t1_; \
			op;                                          \
			t1_ = tsr_instructions();                    \
			if (t1_ - t0_ < best_)                       \
				best_ = t1_ - t0_;                   \
		}                                                    \
		(result) = best_ - tsr_instructions_cost();          \
	} while (0)

/* BENCH_SUFFIX: the same benchmarks on a kernel with other CPUs running, which takes
 * the big lock (bench_smp4_image: names ending in _smp4). */
#ifndef BENCH_SUFFIX
#define BENCH_SUFFIX ""
#endif

static void report(const char *name, unsigned long n, const char *what)
{
	tsr_printf("BENCH %s" BENCH_SUFFIX " %lu %s\n", name, n, what);
}

static void partner(unsigned long arg)
{
	(void)arg;
	for (;;)
		tsr_yield();
}

#define MAP_BASE 0x10000000UL

static void object_benchmarks(void)
{
	struct tsr_component other;
	unsigned long n, i = 0;
	long frames[ROUNDS];

	tsr_root_init(&r, (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR);
	/* Warm the allocator up so that every round retypes from the same untyped. */
	if (tsr_root_make(&r, TSR_OBJ_FRAME, 0) < 0)
		tsr_debug_shutdown(2);
	unsigned long ut = r.info->untyped_first_slot + r.untyped, slot = r.next_slot;
	MEASURE(n, tsr_untyped_retype(ut, TSR_OBJ_FRAME, 0, TSR_SLOT_CNODE, slot++, 1));
	report("retype", n, "one 4 KiB frame from untyped, memory cleared, capability made");
	r.next_slot = slot;

	for (int k = 0; k < ROUNDS; k++)
		frames[k] = tsr_root_make(&r, TSR_OBJ_FRAME, 0);
	if (tsr_root_tables(&r, TSR_SLOT_VSPACE, MAP_BASE))
		tsr_debug_shutdown(3);
	MEASURE(n, tsr_frame_map(frames[i], TSR_SLOT_VSPACE, MAP_BASE + 4096 * i, TSR_R | TSR_W,
				 TSR_CACHED);
		i++);
	report("map_frame", n, "map one 4 KiB frame into an address space whose tables exist");

	/* Two threads of one priority in two address spaces, yielding to each other. */
	if (tsr_root_spawn(&r, &other, partner, 0, 255) || tsr_tcb_resume(other.tcb))
		tsr_debug_shutdown(4);
	tsr_yield();
	MEASURE(n, tsr_yield());
	report(
	    "yield_switch", n / 2,
	    "yield to a thread of the same priority in another address space (half a round trip)");
	tsr_tcb_suspend(other.tcb);
}

/* --- IPC ----------------------------------------------------------------------- */

#define SHARED 0x30000000UL /* a page the benchmark threads share */
#define UTCB 0x31000000UL   /* every thread's UTCB, in its own address space */
#define EXT_BUF 0x32000000UL
#define SAME_AS_STACK 0x20000000UL /* a second stack in the root's own address space */

struct shared {
	volatile unsigned long arrived, hit;
};

/* Answers every call with the message it received, from registers alone: the
 * tightest server loop there is (reply-and-receive, then again). */
static void echo_server_short(unsigned long ep)
{
	register unsigned long x8 __asm__("x8") = TSR_SYS_REPLY_RECV;
	register unsigned long x0 __asm__("x0") = ep;
	register unsigned long x19 __asm__("x19") = ep;
	__asm__ volatile("mov x8, %2\n"
			 "svc #0\n" /* the first call: REPLY_RECV with no caller only receives */
			 "1: mov x0, %1\n"
			 "svc #0\n"
			 "b 1b\n"
			 : "+r"(x0)
			 : "r"(x19), "r"(x8)
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", TSR_SVC_CLOBBERS);
}

/* Answers every call with the message it received (the same form and length). */
static void echo_server(unsigned long ep)
{
	struct tsr_msg m = {0};
	tsr_recv(ep, &m);
	for (;;) {
		m.w[0] = EXT_BUF; /* the extended form's buffer (ignored otherwise) */
		tsr_reply_recv(ep, &m);
	}
}

/* Answers with the time the call arrived (w[0]) and the time it replies (w[1]). */
static void stamp_server(unsigned long ep)
{
	struct tsr_msg m = {0};
	tsr_recv(ep, &m);
	for (;;) {
		unsigned long arrived = tsr_instructions();
		m.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 2, 0);
		m.w[0] = arrived;
		m.w[1] = tsr_instructions();
		tsr_reply_recv(ep, &m);
	}
}

static void notified(unsigned long ntfn)
{
	struct shared *s = (struct shared *)SHARED;
	for (;;) {
		tsr_wait(ntfn);
		s->arrived = tsr_instructions();
	}
}

/* The EL1 physical timer's interrupt: note the time, stop the timer, acknowledge. */
static void irq_handler(unsigned long ntfn)
{
	struct shared *s = (struct shared *)SHARED;
	for (;;) {
		tsr_wait(ntfn);
		s->arrived = tsr_instructions();
		__asm__ volatile("msr cntp_ctl_el0, xzr");
		s->hit = 1;
		tsr_invoke(ntfn + 1, TSR_IRQ_HANDLER_ACK, 0, 0, 0, 0, 0, 0);
	}
}

/* A UTCB (and for the extended form a receive buffer) in the thread's address space. */
static void give_utcb(tsr_cap tcb, tsr_cap vs)
{
	long frame = tsr_root_map_new(&r, vs, UTCB, TSR_R | TSR_W);
	long buf = tsr_root_map_new(&r, vs, EXT_BUF, TSR_R | TSR_W);
	if (frame < 0 || buf < 0 || tsr_tcb_configure(tcb, TSR_SLOT_CNODE, vs, UTCB, frame, 0, 0))
		tsr_debug_shutdown(5);
	/* Write the UTCB through a mapping of ours to set the receive buffer. */
	long mine = tsr_root_map_copy(&r, frame, TSR_SLOT_VSPACE, SHARED + 0x100000, TSR_R | TSR_W);
	struct tsr_utcb *u = (struct tsr_utcb *)(SHARED + 0x100000);
	u->recv_buffer = EXT_BUF;
	u->recv_buffer_size = TSR_MSG_EXT_BYTES;
	tsr_frame_unmap(mine);
}

static long server(void (*fn)(unsigned long), unsigned long arg, tsr_cap *vs_out)
{
	struct tsr_component c;
	if (tsr_root_spawn(&r, &c, fn, arg, 255) || tsr_tcb_resume(c.tcb))
		tsr_debug_shutdown(6);
	if (vs_out)
		*vs_out = c.vspace;
	tsr_yield(); /* it runs up to its receive */
	return c.tcb;
}

static void roundtrip_short(const char *name, tsr_cap ep, unsigned long words, const char *what)
{
	unsigned long n, w[4] = {1, 2, 3, 4}, info;
	MEASURE(n, (info = TSR_MSGINFO(0, TSR_MSG_SHORT, words, 0), tsr_call_short(ep, &info, w)));
	report(name, n, what);
}

static void roundtrip(const char *name, tsr_cap ep, unsigned long info, const char *what)
{
	struct tsr_msg m = {0};
	unsigned long n;
	MEASURE(n, (m.info = info, m.w[0] = EXT_BUF, tsr_call(ep, &m)));
	report(name, n, what);
}

static void ipc_benchmarks(void)
{
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long ep_stamp = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long ep_same = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	long ep_full = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	tsr_cap vs;
	if (ep < 0 || ep_stamp < 0 || ep_same < 0 || ep_full < 0)
		tsr_debug_shutdown(7);
	if (tsr_root_tables(&r, TSR_SLOT_VSPACE, SHARED) ||
	    (shared_frame = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED, TSR_R | TSR_W)) < 0)
		tsr_debug_shutdown(8);

	/* One-way figures, from time stamps the server takes. */
	server(stamp_server, ep_stamp, 0);
	unsigned long best_call = ~0UL, best_reply = ~0UL;
	for (int i = 0; i < ROUNDS; i++) {
		struct tsr_msg m = {.info = 0};
		unsigned long t0 = tsr_instructions();
		tsr_call(ep_stamp, &m);
		unsigned long t2 = tsr_instructions();
		if (m.w[0] - t0 < best_call)
			best_call = m.w[0] - t0;
		if (t2 - m.w[1] < best_reply)
			best_reply = t2 - m.w[1];
	}
	report("ipc_call_oneway", best_call,
	       "short call: counter before the call to the server's first instruction");
	report("ipc_reply_oneway", best_reply,
	       "short reply-and-receive: the server's last instruction to the client's first");

	server(echo_server_short, ep, 0);
	roundtrip_short(
	    "ipc_roundtrip_short_0w", ep, 0,
	    "call + reply-and-receive, no words, two address spaces, as the client sees it");
	roundtrip_short("ipc_roundtrip_short_4w", ep, 4,
			"call + reply-and-receive, 4 words each way, two address spaces");

	struct tsr_component same;
	if (tsr_root_thread(&r, &same, echo_server_short, ep_same, 255, TSR_SLOT_VSPACE,
			    SAME_AS_STACK) ||
	    tsr_tcb_resume(same.tcb))
		tsr_debug_shutdown(9);
	tsr_yield();
	roundtrip_short("ipc_roundtrip_same_as", ep_same, 0,
			"call + reply-and-receive, no words, both threads in one address space");

	/* A server above its client, as manifests place them (a callee at or above its
	 * caller): the fast path's other case, with the ready queues' bitmaps to update. */
	long ep_up = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	if (ep_up < 0)
		tsr_debug_shutdown(7);
	server(echo_server_short, ep_up, 0);
	tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, 254);
	roundtrip_short(
	    "ipc_roundtrip_up", ep_up, 0,
	    "call + reply-and-receive, no words, the server a priority above the client");
	tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, 255);

	/* Full and extended forms: both sides need UTCBs. */
	long full = server(echo_server, ep_full, &vs);
	tsr_tcb_suspend(full);
	give_utcb(full, vs);
	tsr_tcb_resume(full);
	tsr_yield();
	give_utcb(TSR_SLOT_TCB, TSR_SLOT_VSPACE);
	roundtrip("ipc_roundtrip_full_256", ep_full, TSR_MSGINFO(0, TSR_MSG_FULL, 256, 0),
		  "call + reply-and-receive, 256 bytes each way through the UTCBs");
	roundtrip("ipc_roundtrip_ext_2048", ep_full, TSR_MSGINFO(0, TSR_MSG_EXT, 2048, 0),
		  "call + reply-and-receive, 2048 bytes each way, buffer to buffer");
}

/* Signal to, and interrupt to, a higher-priority thread in another address space. */
static void wakeup_benchmarks(void)
{
	struct shared *s = (struct shared *)SHARED;
	struct tsr_component c, h;
	unsigned long best = ~0UL;
	long ntfn = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	long irq_ntfn = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	long irq = r.next_slot++; /* next to its notification: the handler finds it there */
	if (ntfn < 0 || irq_ntfn < 0 || irq != irq_ntfn + 1 ||
	    tsr_invoke(TSR_SLOT_IRQ_CONTROL, TSR_IRQ_CONTROL_GET, 30, TSR_SLOT_CNODE, irq, 0, 0,
		       0) ||
	    tsr_invoke(irq, TSR_IRQ_HANDLER_SET_NOTIFICATION, irq_ntfn, 0, 0, 0, 0, 0))
		tsr_debug_shutdown(10);

	/* Both run at 255; we drop below them to be the one they preempt. */
	if (tsr_root_spawn(&r, &c, notified, ntfn, 255) ||
	    tsr_root_spawn(&r, &h, irq_handler, irq_ntfn, 255))
		tsr_debug_shutdown(11);
	if (tsr_root_map_copy(&r, shared_frame, c.vspace, SHARED, TSR_R | TSR_W) < 0 ||
	    tsr_root_map_copy(&r, shared_frame, h.vspace, SHARED, TSR_R | TSR_W) < 0 ||
	    tsr_tcb_resume(c.tcb) || tsr_tcb_resume(h.tcb) ||
	    tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, 200))
		tsr_debug_shutdown(12);

	for (int i = 0; i < ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		tsr_signal(ntfn);
		if (s->arrived - t0 < best)
			best = s->arrived - t0;
	}
	report("notify_to_higher", best,
	       "signal to a waiting higher-priority thread, to its first instruction");

	/* The timer is set to a time already past, so its interrupt is raised by the
	 * instruction that enables it: the figure does not depend on where in a spin loop a
	 * deadline happens to fall (which varies with QEMU's idle-time warping). */
	best = ~0UL;
	for (int i = 0; i < ROUNDS; i++) {
		unsigned long now;
		s->hit = 0;
		__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(now));
		unsigned long t0 = tsr_instructions();
		__asm__ volatile("msr cntp_cval_el0, %0; msr cntp_ctl_el0, %1; isb" ::"r"(now),
				 "r"(1UL)
				 : "memory");
		while (!s->hit)
			;
		if (s->arrived - t0 < best)
			best = s->arrived - t0;
	}
	report("irq_to_user", best,
	       "timer interrupt (raised by a lower thread as it enables the timer) to the "
	       "handler's first instruction");
}

int main(void)
{
	unsigned long n;

	if (tsr_instructions() == tsr_instructions()) {
		tsr_printf(
		    "bench: the instruction counter does not count (run QEMU with -icount)\n");
		tsr_debug_shutdown(1);
	}
	MEASURE(n, tsr_null());
	report("null_syscall", n,
	       "system call that does nothing, EL0 svc to the next EL0 instruction");
	MEASURE(n, __asm__ volatile("wfi" ::: "memory"));
	report("exception_roundtrip", n,
	       "EL0 exception (trapped WFI) through the full vector path and back, no system call");
	object_benchmarks();
	ipc_benchmarks();
	wakeup_benchmarks();
	tsr_debug_shutdown(0);
}
