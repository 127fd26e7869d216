/* SPDX-License-Identifier: BSD-2-Clause */
/* Root task test: every IPC operation, form and error, notifications, IRQs, faults, deletion. */
#include "utest.h"
#include <stdbool.h>
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>

/*
 * The root spawns threads, each in its own address space, sharing the root's CSpace
 * (so a capability has the same slot number everywhere). A thread has no writable
 * globals: it gets a "box" in two pages mapped at SHARED in the root and in every
 * thread, reads its capabilities from box->cap[], reports results in box->r[], sets
 * box->step before each operation that may block and box->done at its end. The
 * root waits for steps with a time bound and checks the results, so a kernel bug
 * makes checks fail instead of hanging the test.
 */
#define PRIO 100
#define SHARED 0x20000000UL   /* the boxes: two pages in the root and in every thread */
#define UTCB_VA 0x21000000UL  /* a thread's UTCB, when it has one */
#define BUF_VA 0x22000000UL   /* a thread's own buffer page (extended messages) */
#define RO_VA 0x22001000UL    /* a page the thread may only read */
#define ROOT_BUF 0x23000000UL /* the root's send buffer; the page after it stays unmapped */
#define UNMAPPED 0x24000000UL /* mapped nowhere */
#define FAULT_VA 0x25000000UL /* mapped by the fault handler, on demand */
#define PEEK_VA 0x26000000UL  /* where the root looks at a page it mapped for a thread */
#define RW (TSR_R | TSR_W)

struct box {
	volatile long r[32];
	volatile unsigned long cap[8];
	volatile unsigned long step;
	volatile unsigned long done;
};
#define NBOXES (8192 / sizeof(struct box))
#define BOX(arg) ((struct box *)(arg))

static struct tsr_root r;
static struct box *const boxes = (struct box *)SHARED;
static long shared_frame[2];

/* ---- helpers for threads and root (code and read-only data only) ---- */

static inline unsigned long word(unsigned long k)
{
	return 0x0123456789abcdefUL ^ (0x1111111111111111UL * k);
}

/* The byte at offset i of test pattern `seed`: differs between seeds and pages. */
static inline unsigned char pat(unsigned long seed, unsigned long i)
{
	return (unsigned char)(i * 7 + (i >> 8) * 3 + seed * 37 + 1);
}

static void fill(volatile unsigned char *p, unsigned long n, unsigned long seed)
{
	for (unsigned long i = 0; i < n; i++)
		p[i] = pat(seed, i);
}

static long mismatches(const volatile unsigned char *p, unsigned long n, unsigned long seed)
{
	long bad = 0;
	for (unsigned long i = 0; i < n; i++)
		bad += p[i] != pat(seed, i);
	return bad;
}

static inline bool in_function(unsigned long pc, void (*fn)(unsigned long))
{
	return pc >= (unsigned long)fn && pc < (unsigned long)fn + 0x200;
}

#define ESR_EC(esr) (((unsigned long)(esr) >> 26) & 0x3f)
#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_DABT_LOWER 0x24
#define ESR_WNR (1UL << 6)

/* ---- root-side helpers ---- */

static int area_failed_before;

static void area_begin(void)
{
	area_failed_before = utest_failed;
	for (unsigned long i = 0; i < 8192 / sizeof(long); i++)
		((volatile long *)SHARED)[i] = 0;
}

static void area_end(const char *what)
{
	if (utest_failed == area_failed_before)
		tsr_printf("ipc: %s ok\n", what);
	else
		tsr_printf("ipc: %s: %d checks failed\n", what, utest_failed - area_failed_before);
}

/* Waits (yielding, at most a second) until *v >= want; false on time out. */
static bool wait_for(volatile unsigned long *v, unsigned long want)
{
	unsigned long end = tsr_counter() + tsr_counter_hz();
	while (*v < want) {
		if (tsr_counter() > end)
			return false;
		tsr_yield();
	}
	return true;
}

/* Until the thread has reached `step`; then a few yields so that it blocks there. */
static bool wait_step(struct box *b, unsigned long step)
{
	bool ok = wait_for(&b->step, step);
	for (int i = 0; i < 5; i++)
		tsr_yield();
	return ok;
}

static bool wait_done(struct box *b) { return wait_for(&b->done, 1); }

/* A receive that does not block the root: NBRECV until a sender comes, at most a second. */
static long recv_bounded(tsr_cap ep, struct tsr_msg *m)
{
	unsigned long end = tsr_counter() + tsr_counter_hz();
	for (;;) {
		long x = tsr_nbrecv(ep, m);
		if (x != -TSR_EAGAIN || tsr_counter() > end)
			return x;
		tsr_yield();
	}
}

static long make(unsigned long type)
{
	long s = tsr_root_make(&r, type, 0);
	CHECK_EQ(s > 0, 1);
	return s;
}

static long copy(long src, unsigned long rights)
{
	long s = (long)r.next_slot++;
	CHECK_EQ(tsr_cnode_copy(TSR_SLOT_CNODE, s, TSR_SLOT_CNODE, src, rights), 0);
	return s;
}

static long mint(long src, unsigned long rights, unsigned long badge)
{
	long s = (long)r.next_slot++;
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, s, TSR_SLOT_CNODE, src, rights, badge), 0);
	return s;
}

/* An empty slot of the root CNode, kept empty for a test to fill. */
static long empty_slot(void) { return (long)r.next_slot++; }

/* A thread running fn(box) at prio in its own address space, with the boxes mapped;
 * with a UTCB (a frame at UTCB_VA) when asked, and a fault endpoint when given. */
static struct tsr_component spawn(void (*fn)(unsigned long), struct box *b, unsigned long prio,
				  bool utcb, tsr_cap fault_ep)
{
	struct tsr_component c = {0};
	long err = tsr_root_spawn(&r, &c, fn, (unsigned long)b, prio);
	CHECK_EQ(err, 0);
	if (err)
		return c;
	for (int i = 0; i < 2; i++)
		CHECK_EQ(tsr_root_map_copy(&r, shared_frame[i], c.vspace, SHARED + i * 4096UL, RW) >
			     0,
			 1);
	if (utcb || fault_ep) {
		long frame = 0;
		if (utcb) {
			frame = tsr_root_map_new(&r, c.vspace, UTCB_VA, RW);
			CHECK_EQ(frame > 0, 1);
		}
		/* tsr_root_spawn configured it without a UTCB: again, with one. */
		CHECK_EQ(tsr_tcb_configure(c.tcb, TSR_SLOT_CNODE, c.vspace, utcb ? UTCB_VA : 0,
					   frame > 0 ? (tsr_cap)frame : 0, fault_ep, 0),
			 0);
	}
	return c;
}

static struct tsr_component start(void (*fn)(unsigned long), struct box *b, unsigned long prio,
				  bool utcb)
{
	struct tsr_component c = spawn(fn, b, prio, utcb, 0);
	CHECK_EQ(tsr_tcb_resume(c.tcb), 0);
	return c;
}

/* ---- short messages ---- */

static void short_receiver(unsigned long arg)
{
	struct box *b = BOX(arg);
	for (int i = 0; i < 3; i++) {
		struct tsr_msg m = {0};
		b->step = i + 1;
		b->r[i * 8] = tsr_recv(b->cap[0], &m);
		b->r[i * 8 + 1] = (long)m.info;
		for (int k = 0; k < 6; k++)
			b->r[i * 8 + 2 + k] = (long)m.w[k];
	}
	b->done = 1;
}

static void short_sender(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x4321, TSR_MSG_SHORT, 6, 0)};
	for (int k = 0; k < 6; k++)
		m.w[k] = word(10 + k);
	b->step = 1;
	b->r[0] = tsr_send(b->cap[0], &m);
	b->done = 1;
}

static void test_short(void)
{
	area_begin();
	struct box *rb = &boxes[0], *sb = &boxes[1];
	long ep = make(TSR_OBJ_ENDPOINT), ep2 = make(TSR_OBJ_ENDPOINT);
	struct tsr_msg m;
	rb->cap[0] = ep;
	sb->cap[0] = ep2;

	/* The root sends to a waiting thread: 0 words, 6 words, refused forms, 1 word. */
	start(short_receiver, rb, PRIO, false);
	CHECK_EQ(wait_step(rb, 1), 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x123, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_send(ep, &m), 0);
	CHECK_EQ(wait_step(rb, 2), 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0xfffe, TSR_MSG_SHORT, 6, 0)};
	for (int k = 0; k < 6; k++)
		m.w[k] = word(k);
	CHECK_EQ(tsr_send(ep, &m), 0);
	CHECK_EQ(wait_step(rb, 3), 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x66, TSR_MSG_SHORT, 7, 0)};
	CHECK_EQ(tsr_send(ep, &m), -TSR_ELENGTH);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x66, TSR_MSG_SHORT, 7, 0)};
	CHECK_EQ(tsr_nbsend(ep, &m), -TSR_ELENGTH);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x66, TSR_MSG_SHORT, 7, 0)};
	CHECK_EQ(tsr_call(ep, &m), -TSR_ELENGTH);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x66, TSR_MSG_SHORT, 4095, 0)};
	CHECK_EQ(tsr_send(ep, &m), -TSR_ELENGTH);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x67, TSR_MSG_NOTIFY, 0, 0)};
	CHECK_EQ(tsr_send(ep, &m), -TSR_EINVAL);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x55, TSR_MSG_SHORT, 1, 0), .w = {0x99}};
	CHECK_EQ(tsr_send(ep, &m), 0);
	CHECK_EQ(wait_done(rb), 1);
	CHECK_EQ(rb->r[0], 0); /* unbadged: badge 0 */
	CHECK_EQ(rb->r[1], TSR_MSGINFO(0x123, TSR_MSG_SHORT, 0, 0));
	CHECK_EQ(rb->r[8], 0);
	CHECK_EQ(rb->r[9], TSR_MSGINFO(0xfffe, TSR_MSG_SHORT, 6, 0));
	for (int k = 0; k < 6; k++)
		CHECK_EQ(rb->r[10 + k], word(k));
	CHECK_EQ(rb->r[16], 0); /* the refused messages never arrived */
	CHECK_EQ(rb->r[17], TSR_MSGINFO(0x55, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(rb->r[18], 0x99);

	/* A thread sends 6 words to the root, which receives them. */
	start(short_sender, sb, PRIO, false);
	CHECK_EQ(wait_step(sb, 1), 1);
	m = (struct tsr_msg){0};
	CHECK_EQ(tsr_recv(ep2, &m), 0);
	CHECK_EQ(m.info, TSR_MSGINFO(0x4321, TSR_MSG_SHORT, 6, 0));
	for (int k = 0; k < 6; k++)
		CHECK_EQ(m.w[k], word(10 + k));
	CHECK_EQ(wait_done(sb), 1);
	CHECK_EQ(sb->r[0], 0);
	area_end("short messages");
}

/* ---- call, reply, reply_recv ---- */

#define CALLS 10

static void call_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	unsigned long ep = b->cap[0];
	/* Nothing to answer yet: REPLY_RECV only receives; the would-be reply goes nowhere. */
	struct tsr_msg m = {.info = TSR_MSGINFO(0x99, TSR_MSG_SHORT, 1, 0), .w = {0xdead}};
	b->step = 1;
	b->r[0] = tsr_reply_recv(ep, &m);
	b->r[1] = (long)m.info;
	b->r[2] = (long)m.w[0];
	b->r[3] = (long)m.w[5];
	struct tsr_msg rep = {.info = TSR_MSGINFO(7, TSR_MSG_SHORT, 2, 0),
			      .w = {m.w[0] + 1, 0xabc}};
	b->r[4] = tsr_reply(&rep);
	rep = (struct tsr_msg){.info = TSR_MSGINFO(8, TSR_MSG_SHORT, 0, 0)};
	b->r[5] = tsr_reply(&rep); /* answered already */

	/* CALLS calls answered by REPLY_RECV, until the one labelled 0xe0d. */
	long x = tsr_recv(ep, &m), n = 0;
	while (x >= 0 && TSR_MSG_LABEL(m.info) != 0xe0d) {
		n++;
		m.info = TSR_MSGINFO(9, TSR_MSG_SHORT, 6, 0);
		for (int k = 0; k < 6; k++)
			m.w[k] = m.w[k] * 2 + (unsigned long)k;
		x = tsr_reply_recv(ep, &m);
	}
	b->r[6] = n;
	b->r[7] = x;
	rep = (struct tsr_msg){.info = TSR_MSGINFO(10, TSR_MSG_SHORT, 0, 0)};
	b->r[8] = tsr_reply(&rep);
	b->done = 1;
}

static void call_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	unsigned long ep = b->cap[0];
	struct tsr_msg m = {.info = TSR_MSGINFO(0x31, TSR_MSG_SHORT, 6, 0),
			    .w = {41, 1, 2, 3, 4, 0x6666}};
	b->step = 1;
	b->r[0] = tsr_call(ep, &m);
	b->r[1] = (long)m.info;
	b->r[2] = (long)m.w[0];
	b->r[3] = (long)m.w[1];
	long errors = 0;
	for (unsigned long i = 0; i < CALLS; i++) {
		m.info = TSR_MSGINFO(0x32, TSR_MSG_SHORT, 6, 0);
		for (unsigned long k = 0; k < 6; k++)
			m.w[k] = i * 100 + k;
		long x = tsr_call(ep, &m);
		if (x != 0 || m.info != TSR_MSGINFO(9, TSR_MSG_SHORT, 6, 0))
			errors++;
		for (unsigned long k = 0; k < 6; k++)
			errors += m.w[k] != (i * 100 + k) * 2 + k;
	}
	b->r[4] = errors;
	m = (struct tsr_msg){.info = TSR_MSGINFO(0xe0d, TSR_MSG_SHORT, 0, 0)};
	b->r[5] = tsr_call(ep, &m);
	b->r[6] = (long)m.info;
	b->done = 1;
}

/* Takes a call, then receives again without answering: the caller gets -EPEER. */
static void forgetful_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->r[0] = tsr_recv(b->cap[0], &m);
	b->r[1] = (long)m.w[0];
	b->step = 1;
	b->r[2] = tsr_recv(b->cap[0], &m);
	b->r[3] = (long)m.info;
	m = (struct tsr_msg){.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 0, 0)};
	b->r[4] = tsr_reply(&m); /* the call was dropped, the last message was a send */
	b->done = 1;
}

static void one_call(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 1, 0), .w = {77}};
	b->step = 1;
	b->r[0] = tsr_call(b->cap[0], &m);
	b->done = 1;
}

static void test_call(void)
{
	area_begin();
	struct box *sb = &boxes[0], *cb = &boxes[1], *fb = &boxes[2], *ob = &boxes[3];
	long ep = make(TSR_OBJ_ENDPOINT), ep2 = make(TSR_OBJ_ENDPOINT);
	sb->cap[0] = cb->cap[0] = ep;
	fb->cap[0] = ob->cap[0] = ep2;

	/* The root steps below the pair, which is then alone at its priority: calls and
	 * replies may switch straight to the partner (the fast path, when built in). */
	start(call_server, sb, PRIO, false);
	CHECK_EQ(wait_step(sb, 1), 1);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO - 1), 0);
	start(call_client, cb, PRIO, false);
	CHECK_EQ(wait_done(cb), 1);
	CHECK_EQ(wait_done(sb), 1);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0);
	CHECK_EQ(sb->r[0], 0);
	CHECK_EQ(sb->r[1], TSR_MSGINFO(0x31, TSR_MSG_SHORT, 6, 0));
	CHECK_EQ(sb->r[2], 41);
	CHECK_EQ(sb->r[3], 0x6666);
	CHECK_EQ(sb->r[4], 0);
	CHECK_EQ(sb->r[5], -TSR_ESTATE);
	CHECK_EQ(sb->r[6], CALLS);
	CHECK_EQ(sb->r[7], 0);
	CHECK_EQ(sb->r[8], 0);
	CHECK_EQ(cb->r[0], 0); /* a reply's badge is 0 */
	CHECK_EQ(cb->r[1], TSR_MSGINFO(7, TSR_MSG_SHORT, 2, 0));
	CHECK_EQ(cb->r[2], 42);
	CHECK_EQ(cb->r[3], 0xabc);
	CHECK_EQ(cb->r[4], 0);
	CHECK_EQ(cb->r[5], 0);
	CHECK_EQ(cb->r[6], TSR_MSGINFO(10, TSR_MSG_SHORT, 0, 0));

	/* The root itself has no call to answer. */
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_reply(&m), -TSR_ESTATE);

	/* A server that receives again while holding a call: the caller gets -EPEER. */
	start(forgetful_server, fb, PRIO, false);
	start(one_call, ob, PRIO, false);
	CHECK_EQ(wait_step(fb, 1), 1);
	CHECK_EQ(wait_done(ob), 1);
	CHECK_EQ(ob->r[0], -TSR_EPEER);
	CHECK_EQ(fb->r[0], 0);
	CHECK_EQ(fb->r[1], 77);
	m = (struct tsr_msg){.info = TSR_MSGINFO(5, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_nbsend(ep2, &m), 0);
	CHECK_EQ(wait_done(fb), 1);
	CHECK_EQ(fb->r[2], 0);
	CHECK_EQ(fb->r[3], TSR_MSGINFO(5, TSR_MSG_SHORT, 0, 0));
	CHECK_EQ(fb->r[4], -TSR_ESTATE);
	area_end("call and reply");
}

/* ---- calls across priorities ---- */

/* The scenario's clock: each thread takes the next tick where it records a step. */
static long tick(void) { return (long)++boxes[NBOXES - 1].step; }

/* cap[0] the endpoint, cap[1] the middle thread's notification. Takes a call, wakes the
 * middle thread (below it), answers and takes the next call, answers that. */
static void up_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->step = 1;
	b->r[0] = tsr_recv(b->cap[0], &m);
	b->r[1] = tick();
	b->r[2] = tsr_signal(b->cap[1]);
	b->r[3] = tick(); /* the middle thread waits below us */
	m = (struct tsr_msg){.info = TSR_MSGINFO(3, TSR_MSG_SHORT, 1, 0), .w = {0x5e}};
	b->r[4] = tsr_reply_recv(b->cap[0], &m);
	b->r[5] = tick();
	m = (struct tsr_msg){.info = TSR_MSGINFO(4, TSR_MSG_SHORT, 0, 0)};
	b->r[6] = tsr_reply(&m);
	b->done = 1;
}

static void middle(unsigned long arg)
{
	struct box *b = BOX(arg);
	b->step = 1;
	b->r[0] = tsr_wait(b->cap[0]);
	b->r[1] = tick();
	b->done = 1;
}

static void up_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 0, 0)};
	b->r[0] = tick();
	b->r[1] = tsr_call(b->cap[0], &m);
	b->r[2] = tick();
	b->r[3] = (long)m.w[0];
	m = (struct tsr_msg){.info = TSR_MSGINFO(2, TSR_MSG_SHORT, 0, 0)};
	b->r[4] = tsr_call(b->cap[0], &m);
	b->r[5] = tick();
	b->done = 1;
}

/* A call runs a server above the caller at once; its reply runs a thread it woke between
 * the two first, then the caller; with nothing between, the caller at once (the fast path
 * takes what it can and must order them as the general code does). */
static void test_priority_calls(void)
{
	area_begin();
	struct box *sb = &boxes[0], *mb = &boxes[1], *cb = &boxes[2];
	long ep = make(TSR_OBJ_ENDPOINT), n = make(TSR_OBJ_NOTIFICATION);
	sb->cap[0] = cb->cap[0] = ep;
	sb->cap[1] = mint(n, TSR_W, 1);
	mb->cap[0] = n;
	start(up_server, sb, PRIO + 2, false);
	start(middle, mb, PRIO + 1, false);
	CHECK_EQ(sb->step, 1); /* both above us: they ran until they waited */
	CHECK_EQ(mb->step, 1);
	start(up_client, cb, PRIO, false);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO - 1), 0);
	CHECK_EQ(wait_done(cb), 1);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0);
	CHECK_EQ(sb->done && mb->done, 1);
	CHECK_EQ(cb->r[1], 0);
	CHECK_EQ(cb->r[3], 0x5e);
	CHECK_EQ(cb->r[4], 0);
	CHECK_EQ(sb->r[2], 0);
	CHECK_EQ(mb->r[0], 1);
	CHECK_EQ(sb->r[1], cb->r[0] + 1); /* the call: straight to the server */
	CHECK_EQ(sb->r[3], sb->r[1] + 1); /* the signal: the middle thread waits */
	CHECK_EQ(mb->r[1], sb->r[3] + 1); /* the reply: the middle thread first */
	CHECK_EQ(cb->r[2], mb->r[1] + 1); /* then the caller */
	CHECK_EQ(sb->r[5], cb->r[2] + 1); /* the second call: straight to the server */
	CHECK_EQ(cb->r[5], sb->r[5] + 1); /* its reply: straight back */
	area_end("calls across priorities");
}

/* ---- badges ---- */

static void badged_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x60, TSR_MSG_SHORT, 1, 0), .w = {b->cap[1]}};
	b->step = 1;
	b->r[0] = tsr_call(b->cap[0], &m);
	b->r[1] = (long)m.w[0];
	b->done = 1;
}

static void test_badges(void)
{
	area_begin();
	long ep = make(TSR_OBJ_ENDPOINT);
	const unsigned long badge[2] = {0xbad1, 0x7bad2};
	for (int i = 0; i < 2; i++) {
		boxes[i].cap[0] = mint(ep, TSR_W, badge[i]);
		boxes[i].cap[1] = i + 1; /* the client's id */
		start(badged_client, &boxes[i], PRIO, false);
	}
	CHECK_EQ(wait_step(&boxes[0], 1), 1);
	CHECK_EQ(wait_step(&boxes[1], 1), 1);
	/* Both are blocked in their calls: the root's RECV returns at once, twice. */
	bool seen[2] = {false, false};
	for (int n = 0; n < 2; n++) {
		struct tsr_msg m = {0};
		long x = tsr_recv(ep, &m);
		CHECK_EQ(x == (long)badge[0] || x == (long)badge[1], 1);
		int i = x == (long)badge[0] ? 0 : 1;
		CHECK_EQ(m.w[0], i + 1); /* the badge names the client that called */
		CHECK_EQ(seen[i], false);
		seen[i] = true;
		m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 1, 0),
				     .w = {(unsigned long)x}};
		CHECK_EQ(tsr_reply(&m), 0);
	}
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(wait_done(&boxes[i]), 1);
		CHECK_EQ(boxes[i].r[0], 0);
		CHECK_EQ(boxes[i].r[1], badge[i]);
	}
	area_end("badges");
}

/* ---- non-blocking send and receive ---- */

static void plain_receiver(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->step = 1;
	b->r[0] = tsr_recv(b->cap[0], &m);
	b->r[1] = (long)m.info;
	b->r[2] = (long)m.w[0];
	b->done = 1;
}

static void plain_sender(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x71, TSR_MSG_SHORT, 2, 0), .w = {0x710, 0x711}};
	b->step = 1;
	b->r[0] = tsr_send(b->cap[0], &m);
	b->done = 1;
}

static void test_nonblocking(void)
{
	area_begin();
	long ep = make(TSR_OBJ_ENDPOINT);
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_nbsend(ep, &m), -TSR_EAGAIN);
	CHECK_EQ(tsr_nbrecv(ep, &m), -TSR_EAGAIN);

	/* NBSEND to a waiting receiver is delivered. */
	boxes[0].cap[0] = ep;
	start(plain_receiver, &boxes[0], PRIO, false);
	CHECK_EQ(wait_step(&boxes[0], 1), 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x70, TSR_MSG_SHORT, 1, 0), .w = {0x700}};
	CHECK_EQ(tsr_nbsend(ep, &m), 0);
	CHECK_EQ(wait_done(&boxes[0]), 1);
	CHECK_EQ(boxes[0].r[0], 0);
	CHECK_EQ(boxes[0].r[1], TSR_MSGINFO(0x70, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(boxes[0].r[2], 0x700);
	CHECK_EQ(tsr_nbsend(ep, &m), -TSR_EAGAIN); /* it has gone */

	/* NBRECV from a waiting sender gets its message. */
	boxes[1].cap[0] = ep;
	start(plain_sender, &boxes[1], PRIO, false);
	CHECK_EQ(wait_step(&boxes[1], 1), 1);
	m = (struct tsr_msg){0};
	CHECK_EQ(tsr_nbrecv(ep, &m), 0);
	CHECK_EQ(m.info, TSR_MSGINFO(0x71, TSR_MSG_SHORT, 2, 0));
	CHECK_EQ(m.w[0], 0x710);
	CHECK_EQ(m.w[1], 0x711);
	CHECK_EQ(wait_done(&boxes[1]), 1);
	CHECK_EQ(boxes[1].r[0], 0);
	CHECK_EQ(tsr_nbrecv(ep, &m), -TSR_EAGAIN);
	area_end("non-blocking send and receive");
}

/* ---- rights, types, slots ---- */

/* Receives forever, counting messages: a send wrongly allowed arrives here. */
static void sink(unsigned long arg)
{
	struct box *b = BOX(arg);
	for (;;) {
		struct tsr_msg m = {0};
		b->step = 1;
		long x = tsr_recv(b->cap[0], &m);
		b->r[0]++;
		b->r[1] = x;
		b->r[2] = (long)m.info;
	}
}

/* Sends forever, counting messages taken: a receive wrongly allowed takes one. */
static void source(unsigned long arg)
{
	struct box *b = BOX(arg);
	for (;;) {
		struct tsr_msg m = {.info = TSR_MSGINFO(0x66, TSR_MSG_SHORT, 1, 0), .w = {0x5050}};
		b->step = 1;
		long x = tsr_send(b->cap[0], &m);
		b->r[0]++;
		b->r[1] = x;
	}
}

static void test_rights(void)
{
	area_begin();
	struct box *sk = &boxes[0], *so = &boxes[1];
	long ep_in = make(TSR_OBJ_ENDPOINT), ep_out = make(TSR_OBJ_ENDPOINT);
	long ntfn = make(TSR_OBJ_NOTIFICATION), frame = make(TSR_OBJ_FRAME);
	long in_r = copy(ep_in, TSR_R), out_w = copy(ep_out, TSR_W);
	long n_r = copy(ntfn, TSR_R), n_w = copy(ntfn, TSR_W);
	long empty = empty_slot();
	struct tsr_msg m;
	sk->cap[0] = ep_in;
	so->cap[0] = ep_out;
	struct tsr_component skc = start(sink, sk, PRIO, false);
	struct tsr_component soc = start(source, so, PRIO, false);
	CHECK_EQ(wait_step(sk, 1), 1);
	CHECK_EQ(wait_step(so, 1), 1);

#define MSG0 (m = (struct tsr_msg){.info = TSR_MSGINFO(0x11, TSR_MSG_SHORT, 0, 0)}, &m)
	/* Sending needs W, receiving R: a receiver waits on ep_in, a sender on ep_out. */
	CHECK_EQ(tsr_send(in_r, MSG0), -TSR_ERIGHTS);
	CHECK_EQ(tsr_nbsend(in_r, MSG0), -TSR_ERIGHTS);
	CHECK_EQ(tsr_call(in_r, MSG0), -TSR_ERIGHTS);
	CHECK_EQ(tsr_recv(out_w, MSG0), -TSR_ERIGHTS);
	CHECK_EQ(tsr_nbrecv(out_w, MSG0), -TSR_ERIGHTS);
	CHECK_EQ(tsr_reply_recv(out_w, MSG0), -TSR_ERIGHTS);
	/* Not an endpoint; not a notification. */
	CHECK_EQ(tsr_send(TSR_SLOT_TCB, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_nbsend(frame, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_call(ntfn, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_recv(TSR_SLOT_CNODE, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_nbrecv(frame, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_reply_recv(TSR_SLOT_VSPACE, MSG0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_signal(ep_in), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_wait(ep_in), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_poll(TSR_SLOT_TCB), -TSR_ECAPTYPE);
	/* Empty slot. */
	CHECK_EQ(tsr_send(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_nbsend(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_call(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_recv(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_nbrecv(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_reply_recv(empty, MSG0), -TSR_EEMPTY);
	CHECK_EQ(tsr_signal(empty), -TSR_EEMPTY);
	CHECK_EQ(tsr_wait(empty), -TSR_EEMPTY);
	CHECK_EQ(tsr_poll(empty), -TSR_EEMPTY);
	/* Outside the CSpace root. */
	const unsigned long bad[2] = {1UL << TSR_ROOT_CNODE_BITS, 1UL << 40};
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(tsr_send(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_nbsend(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_call(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_recv(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_nbrecv(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_reply_recv(bad[i], MSG0), -TSR_ESLOT);
		CHECK_EQ(tsr_signal(bad[i]), -TSR_ESLOT);
		CHECK_EQ(tsr_wait(bad[i]), -TSR_ESLOT);
		CHECK_EQ(tsr_poll(bad[i]), -TSR_ESLOT);
	}
	/* Notifications: SIGNAL needs W, WAIT and POLL need R (a word is pending, so a
	 * wrongly allowed WAIT returns instead of blocking). */
	CHECK_EQ(tsr_signal(n_w), 0);
	CHECK_EQ(tsr_signal(n_r), -TSR_ERIGHTS);
	CHECK_EQ(tsr_wait(n_w), -TSR_ERIGHTS);
	CHECK_EQ(tsr_poll(n_w), -TSR_ERIGHTS);
	CHECK_EQ(tsr_poll(n_r), 1); /* still there: the refused calls took nothing */
#undef MSG0

	/* Nothing got through; the rightful operations still work. */
	for (int i = 0; i < 5; i++)
		tsr_yield();
	CHECK_EQ(sk->r[0], 0);
	CHECK_EQ(so->r[0], 0);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x12, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_nbsend(copy(ep_in, TSR_W), &m), 0);
	m = (struct tsr_msg){0};
	CHECK_EQ(tsr_nbrecv(copy(ep_out, TSR_R), &m), 0);
	CHECK_EQ(m.info, TSR_MSGINFO(0x66, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(m.w[0], 0x5050);
	for (int i = 0; i < 5; i++)
		tsr_yield();
	CHECK_EQ(sk->r[0], 1);
	CHECK_EQ(sk->r[1], 0);
	CHECK_EQ(sk->r[2], TSR_MSGINFO(0x12, TSR_MSG_SHORT, 0, 0));
	CHECK_EQ(so->r[0], 1);
	CHECK_EQ(so->r[1], 0);
	CHECK_EQ(tsr_tcb_suspend(skc.tcb), 0);
	CHECK_EQ(tsr_tcb_suspend(soc.tcb), 0);
	area_end("rights and capability errors");
}

/* ---- full messages, capability transfer ---- */

#define UTCB ((volatile struct tsr_utcb *)UTCB_VA)

static void full_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	volatile struct tsr_utcb *u = UTCB;
	unsigned long ep = b->cap[0], ep_nogrant = b->cap[1];
	struct tsr_msg m;

	fill(u->msg, 256, 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x41, TSR_MSG_FULL, 257, 0)};
	b->r[0] = tsr_send(ep, &m);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x42, TSR_MSG_FULL, 256, 0)};
	b->r[1] = tsr_send(ep, &m);

	u->send_caps[0] = b->cap[2];
	fill(u->msg, 8, 2);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x43, TSR_MSG_FULL, 8, 1)};
	b->r[2] = tsr_send(ep_nogrant, &m); /* capabilities need the grant right */
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x43, TSR_MSG_FULL, 8, 1)};
	b->r[3] = tsr_send(ep, &m);
	u->send_caps[1] = b->cap[3];
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x44, TSR_MSG_FULL, 16, 2)};
	b->r[4] = tsr_send(ep, &m);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x45, TSR_MSG_FULL, 4, 0)};
	b->r[5] = tsr_send(ep_nogrant, &m); /* no capabilities: no grant needed */

	fill(u->msg, 100, 3);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x46, TSR_MSG_FULL, 100, 0)};
	b->r[6] = tsr_call(ep, &m);
	b->r[7] = (long)m.info;
	b->r[8] = mismatches(u->msg, 200, 4);
	b->done = 1;
}

static void full_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	volatile struct tsr_utcb *u = UTCB;
	unsigned long ep = b->cap[0];
	struct tsr_msg m = {0};

	for (int i = 0; i < TSR_MSG_CAPS; i++)
		u->recv_slots[i] = 0;
	b->r[0] = tsr_recv(ep, &m);
	b->r[1] = (long)m.info;
	b->r[2] = mismatches(u->msg, 256, 1);
	u->recv_slots[0] = b->cap[1]; /* empty: the capability lands there */
	b->r[3] = tsr_recv(ep, &m);
	b->r[4] = (long)m.info;
	b->r[5] = mismatches(u->msg, 8, 2);
	u->recv_slots[0] = b->cap[2];	 /* empty */
	u->recv_slots[1] = TSR_SLOT_TCB; /* occupied: that capability stays behind */
	b->r[6] = tsr_recv(ep, &m);
	b->r[7] = (long)m.info;
	u->recv_slots[0] = 0;
	u->recv_slots[1] = 0;
	b->r[8] = tsr_recv(ep, &m);
	b->r[9] = (long)m.info;
	b->r[10] = tsr_recv(ep, &m);
	b->r[11] = (long)m.info;
	b->r[12] = mismatches(u->msg, 100, 3);
	fill(u->msg, 200, 4);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x47, TSR_MSG_FULL, 200, 0)};
	b->r[13] = tsr_reply(&m);
	b->done = 1;
}

static void full_sender(unsigned long arg)
{
	struct box *b = BOX(arg);
	fill(UTCB->msg, 16, 5);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x4a, TSR_MSG_FULL, 16, 0)};
	b->step = 1;
	b->r[0] = tsr_send(b->cap[0], &m);
	b->done = 1;
}

static void test_full(void)
{
	area_begin();
	struct box *cb = &boxes[0], *sb = &boxes[1], *rb = &boxes[2], *fb = &boxes[3];
	long ep = make(TSR_OBJ_ENDPOINT);
	long x = make(TSR_OBJ_NOTIFICATION), y = make(TSR_OBJ_NOTIFICATION);
	long s1 = empty_slot(), s2 = empty_slot();
	cb->cap[0] = ep;
	cb->cap[1] = copy(ep, TSR_R | TSR_W);
	cb->cap[2] = x;
	cb->cap[3] = y;
	sb->cap[0] = ep;
	sb->cap[1] = s1;
	sb->cap[2] = s2;
	start(full_server, sb, PRIO, true);
	start(full_client, cb, PRIO, true);
	CHECK_EQ(wait_done(cb), 1);
	CHECK_EQ(wait_done(sb), 1);
	CHECK_EQ(cb->r[0], -TSR_ELENGTH);
	CHECK_EQ(cb->r[1], 0);
	CHECK_EQ(cb->r[2], -TSR_ERIGHTS);
	CHECK_EQ(cb->r[3], 0);
	CHECK_EQ(cb->r[4], 0);
	CHECK_EQ(cb->r[5], 0);
	CHECK_EQ(cb->r[6], 0);
	CHECK_EQ(cb->r[7], TSR_MSGINFO(0x47, TSR_MSG_FULL, 200, 0));
	CHECK_EQ(cb->r[8], 0);
	CHECK_EQ(sb->r[0], 0);
	CHECK_EQ(sb->r[1], TSR_MSGINFO(0x42, TSR_MSG_FULL, 256, 0));
	CHECK_EQ(sb->r[2], 0);
	CHECK_EQ(sb->r[3], 0);
	CHECK_EQ(sb->r[4], TSR_MSGINFO(0x43, TSR_MSG_FULL, 8, 1));
	CHECK_EQ(sb->r[5], 0);
	CHECK_EQ(sb->r[6], 0);
	CHECK_EQ(sb->r[7], TSR_MSGINFO(0x44, TSR_MSG_FULL, 16, 1)); /* one of two arrived */
	CHECK_EQ(sb->r[8], 0);
	CHECK_EQ(sb->r[9], TSR_MSGINFO(0x45, TSR_MSG_FULL, 4, 0));
	CHECK_EQ(sb->r[10], 0);
	CHECK_EQ(sb->r[11], TSR_MSGINFO(0x46, TSR_MSG_FULL, 100, 0));
	CHECK_EQ(sb->r[12], 0);
	CHECK_EQ(sb->r[13], 0);
	/* The transferred capabilities name notification x. */
	CHECK_EQ(tsr_poll(x), 0);
	CHECK_EQ(tsr_signal(s1), 0);
	CHECK_EQ(tsr_poll(x), 1);
	CHECK_EQ(tsr_signal(s2), 0);
	CHECK_EQ(tsr_poll(x), 1);
	CHECK_EQ(tsr_poll(y), 0);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0); /* still our TCB */

	/* The root has no UTCB: its full send fails, nothing arrives. */
	long ep3 = make(TSR_OBJ_ENDPOINT);
	struct tsr_msg m;
	rb->cap[0] = ep3;
	start(plain_receiver, rb, PRIO, true);
	CHECK_EQ(wait_step(rb, 1), 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x48, TSR_MSG_FULL, 8, 0)};
	CHECK_EQ(tsr_send(ep3, &m), -TSR_ESTATE);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x49, TSR_MSG_SHORT, 1, 0), .w = {0x490}};
	CHECK_EQ(tsr_nbsend(ep3, &m), 0);
	CHECK_EQ(wait_done(rb), 1);
	CHECK_EQ(rb->r[0], 0);
	CHECK_EQ(rb->r[1], TSR_MSGINFO(0x49, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(rb->r[2], 0x490);

	/* A full message to the root, which has no UTCB to take it: both sides fail. */
	long ep4 = make(TSR_OBJ_ENDPOINT);
	fb->cap[0] = ep4;
	struct tsr_component fc = start(full_sender, fb, PRIO, true);
	CHECK_EQ(wait_step(fb, 1), 1);
	m = (struct tsr_msg){0};
	CHECK_EQ(tsr_recv(ep4, &m), -TSR_ESTATE);
	CHECK_EQ(wait_done(fb), 1);
	CHECK_EQ(fb->r[0], -TSR_ESTATE);
	if (!fb->done)
		tsr_tcb_suspend(fc.tcb);
	area_end("full messages and capability transfer");
}

/* ---- extended messages ---- */

static void ext_receiver(unsigned long arg)
{
	struct box *b = BOX(arg);
	volatile struct tsr_utcb *u = UTCB;
	unsigned long ep = b->cap[0];
	struct tsr_msg m = {0};

	u->recv_buffer = BUF_VA;
	u->recv_buffer_size = 2048;
	b->step = 1;
	b->r[0] = tsr_recv(ep, &m);
	b->r[1] = (long)m.info;
	b->r[2] = mismatches((volatile unsigned char *)BUF_VA, 2048, 1);

	u->recv_buffer_size = 1024; /* too small */
	b->step = 2;
	b->r[3] = tsr_recv(ep, &m);

	u->recv_buffer = RO_VA; /* not writable */
	u->recv_buffer_size = 2048;
	b->step = 3;
	b->r[4] = tsr_recv(ep, &m);

	u->recv_buffer = BUF_VA;
	b->step = 4;
	b->r[5] = tsr_recv(ep, &m);
	b->r[6] = (long)m.info;
	b->r[7] = mismatches((volatile unsigned char *)BUF_VA, 2048, 2);

	/* A call in the extended form, answered in the extended form. */
	b->step = 5;
	b->r[8] = tsr_recv(ep, &m);
	b->r[9] = (long)m.info;
	b->r[10] = mismatches((volatile unsigned char *)BUF_VA, 300, 3);
	fill((volatile unsigned char *)BUF_VA + 2048, 2048, 4);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x32, TSR_MSG_EXT, 2048, 0), .w = {BUF_VA + 2048}};
	b->r[11] = tsr_reply(&m);
	b->done = 1;
}

static void ext_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	volatile struct tsr_utcb *u = UTCB;
	struct tsr_msg m;

	u->recv_buffer = BUF_VA + 2048;
	u->recv_buffer_size = 2048;
	fill((volatile unsigned char *)BUF_VA, 300, 3);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x30, TSR_MSG_EXT, 2049, 0), .w = {BUF_VA}};
	b->r[0] = tsr_call(b->cap[0], &m);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0x31, TSR_MSG_EXT, 300, 0), .w = {BUF_VA}};
	b->r[1] = tsr_call(b->cap[0], &m);
	b->r[2] = (long)m.info;
	b->r[3] = mismatches((volatile unsigned char *)BUF_VA + 2048, 2048, 4);
	b->done = 1;
}

static long ext_send(long ep, unsigned long label, unsigned long len, unsigned long buf)
{
	struct tsr_msg m = {.info = TSR_MSGINFO(label, TSR_MSG_EXT, len, 0), .w = {buf}};
	return tsr_send(ep, &m);
}

static void test_extended(void)
{
	area_begin();
	struct box *eb = &boxes[0], *cb = &boxes[1];
	long ep = make(TSR_OBJ_ENDPOINT);
	eb->cap[0] = cb->cap[0] = ep;
	struct tsr_component e = spawn(ext_receiver, eb, PRIO, true, 0);
	CHECK_EQ(tsr_root_map_new(&r, e.vspace, BUF_VA, RW) > 0, 1);
	CHECK_EQ(tsr_root_map_new(&r, e.vspace, RO_VA, TSR_R) > 0, 1);
	struct tsr_component c = spawn(ext_client, cb, PRIO, true, 0);
	CHECK_EQ(tsr_root_map_new(&r, c.vspace, BUF_VA, RW) > 0, 1);
	CHECK_EQ(tsr_root_map_new(&r, TSR_SLOT_VSPACE, ROOT_BUF, RW) > 0, 1);
	volatile unsigned char *buf = (volatile unsigned char *)ROOT_BUF;
	CHECK_EQ(tsr_tcb_resume(e.tcb), 0);

	/* Too long, unmapped, running into an unmapped page: refused at once, and the
	 * waiting receiver gets none of them. */
	CHECK_EQ(wait_step(eb, 1), 1);
	fill(buf, 2048, 1);
	CHECK_EQ(ext_send(ep, 0x20, 2049, ROOT_BUF), -TSR_ELENGTH);
	CHECK_EQ(ext_send(ep, 0x20, 2048, UNMAPPED), -TSR_EFAULT);
	CHECK_EQ(ext_send(ep, 0x20, 2048, ROOT_BUF + 4096 - 1024), -TSR_EFAULT);
	/* 2048 bytes, checked byte by byte (the root needs no UTCB to send). */
	CHECK_EQ(ext_send(ep, 0x21, 2048, ROOT_BUF), 0);
	/* The receiver's buffer is too small: both sides fail. */
	CHECK_EQ(wait_step(eb, 2), 1);
	CHECK_EQ(ext_send(ep, 0x20, 2048, ROOT_BUF), -TSR_ELENGTH);
	/* The receiver's buffer is read-only: both sides fail. */
	CHECK_EQ(wait_step(eb, 3), 1);
	CHECK_EQ(ext_send(ep, 0x20, 2048, ROOT_BUF), -TSR_EFAULT);
	CHECK_EQ(wait_step(eb, 4), 1);
	fill(buf, 2048, 2);
	CHECK_EQ(ext_send(ep, 0x22, 2048, ROOT_BUF), 0);
	CHECK_EQ(wait_step(eb, 5), 1);
	CHECK_EQ(tsr_tcb_resume(c.tcb), 0);
	CHECK_EQ(wait_done(cb), 1);
	CHECK_EQ(wait_done(eb), 1);

	CHECK_EQ(eb->r[0], 0);
	CHECK_EQ(eb->r[1], TSR_MSGINFO(0x21, TSR_MSG_EXT, 2048, 0));
	CHECK_EQ(eb->r[2], 0);
	CHECK_EQ(eb->r[3], -TSR_ELENGTH);
	CHECK_EQ(eb->r[4], -TSR_EFAULT);
	CHECK_EQ(eb->r[5], 0);
	CHECK_EQ(eb->r[6], TSR_MSGINFO(0x22, TSR_MSG_EXT, 2048, 0));
	CHECK_EQ(eb->r[7], 0);
	CHECK_EQ(eb->r[8], 0);
	CHECK_EQ(eb->r[9], TSR_MSGINFO(0x31, TSR_MSG_EXT, 300, 0));
	CHECK_EQ(eb->r[10], 0);
	CHECK_EQ(eb->r[11], 0);
	CHECK_EQ(cb->r[0], -TSR_ELENGTH);
	CHECK_EQ(cb->r[1], 0);
	CHECK_EQ(cb->r[2], TSR_MSGINFO(0x32, TSR_MSG_EXT, 2048, 0));
	CHECK_EQ(cb->r[3], 0);
	area_end("extended messages");
}

/* ---- priority order of waiters ---- */

static void prio_sender(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x50, TSR_MSG_SHORT, 1, 0), .w = {b->cap[1]}};
	b->step = 1;
	b->r[0] = tsr_send(b->cap[0], &m);
	b->done = 1;
}

static void test_priorities(void)
{
	area_begin();
	/* Arrival order: low, middle, middle', high; all above the root, which receives
	 * only when all four are blocked. Expected: high, middle, middle', low. */
	static const unsigned long prio[4] = {PRIO + 1, PRIO + 2, PRIO + 2, PRIO + 3};
	static const unsigned long order[4] = {3, 1, 2, 0};
	long ep = make(TSR_OBJ_ENDPOINT);
	for (int i = 0; i < 4; i++) {
		boxes[i].cap[0] = ep;
		boxes[i].cap[1] = i;
		start(prio_sender, &boxes[i], prio[i], false);
		CHECK_EQ(wait_step(&boxes[i], 1), 1);
	}
	for (int i = 0; i < 4; i++) {
		struct tsr_msg m = {0};
		CHECK_EQ(recv_bounded(ep, &m), 0);
		CHECK_EQ(m.w[0], order[i]);
	}
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(wait_done(&boxes[i]), 1);
		CHECK_EQ(boxes[i].r[0], 0);
	}

	/* Receivers, likewise: the first message goes to the highest, the last to the lowest. */
	long ep2 = make(TSR_OBJ_ENDPOINT);
	for (int i = 0; i < 4; i++) {
		boxes[4 + i].cap[0] = ep2;
		start(plain_receiver, &boxes[4 + i], prio[i], false);
		CHECK_EQ(wait_step(&boxes[4 + i], 1), 1);
	}
	for (unsigned long k = 0; k < 4; k++) {
		struct tsr_msg m = {.info = TSR_MSGINFO(0x51, TSR_MSG_SHORT, 1, 0), .w = {k}};
		CHECK_EQ(tsr_nbsend(ep2, &m), 0);
	}
	for (unsigned long k = 0; k < 4; k++) {
		struct box *b = &boxes[4 + order[k]];
		CHECK_EQ(wait_done(b), 1);
		CHECK_EQ(b->r[0], 0);
		CHECK_EQ(b->r[2], k);
	}
	area_end("priority order of waiters");
}

/* ---- the EL1 physical timer (notifications and interrupts use it) ---- */

#define TIMER_IRQ 30
#define CNT_ENABLE 1UL
#define CNT_ISTATUS 4UL

static inline unsigned long cntpct(void)
{
	unsigned long v;
	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v;
}

static inline void cntp_arm(unsigned long at)
{
	__asm__ volatile("msr cntp_cval_el0, %0; msr cntp_ctl_el0, %1; isb" ::"r"(at),
			 "r"(CNT_ENABLE));
}

static inline unsigned long cntp_ctl(void)
{
	unsigned long v;
	__asm__ volatile("isb; mrs %0, cntp_ctl_el0" : "=r"(v));
	return v;
}

static inline void cntp_off(void) { __asm__ volatile("msr cntp_ctl_el0, xzr; isb"); }

/* ---- notifications ---- */

/* Waits on cap[0] twice: r[0], r[1] what each returned, r[2] the counter when the second
 * did. With cap[1] (the timer's interrupt handler) it then turns the timer off and
 * acknowledges the line (r[3]). */
static void waiter(unsigned long arg)
{
	struct box *b = BOX(arg);
	b->step = 1;
	b->r[0] = tsr_wait(b->cap[0]);
	b->step = 2;
	b->r[1] = tsr_wait(b->cap[0]);
	b->r[2] = (long)cntpct();
	if (b->cap[1]) {
		cntp_off();
		b->r[3] = tsr_invoke(b->cap[1], TSR_IRQ_HANDLER_ACK, 0, 0, 0, 0, 0, 0);
	}
	b->done = 1;
}

static void test_notifications(void)
{
	area_begin();
	long n = make(TSR_OBJ_NOTIFICATION);
	long b1 = mint(n, TSR_W, 0x1), b2 = mint(n, TSR_W, 0x4), b3 = mint(n, TSR_W, 0x100);
	long nr = copy(n, TSR_R);
	CHECK_EQ(tsr_poll(n), 0);
	CHECK_EQ(tsr_signal(b1), 0);
	CHECK_EQ(tsr_signal(b2), 0);
	CHECK_EQ(tsr_signal(b2), 0);
	CHECK_EQ(tsr_poll(nr), 0x5); /* ORed */
	CHECK_EQ(tsr_poll(nr), 0);   /* and cleared */
	CHECK_EQ(tsr_signal(n), 0);  /* unbadged: 1 */
	CHECK_EQ(tsr_poll(n), 1);
	CHECK_EQ(tsr_signal(b3), 0);
	CHECK_EQ(tsr_signal(b1), 0);
	CHECK_EQ(tsr_wait(nr), 0x101); /* a pending word: no waiting */
	CHECK_EQ(tsr_poll(nr), 0);

	/* A waiter blocks until a signal. */
	boxes[0].cap[0] = nr;
	start(waiter, &boxes[0], PRIO, false);
	CHECK_EQ(wait_step(&boxes[0], 1), 1);
	CHECK_EQ(boxes[0].r[0], 0); /* still waiting */
	CHECK_EQ(tsr_signal(b2), 0);
	CHECK_EQ(boxes[0].step, 1); /* at the signaller's priority: it runs after it */
	CHECK_EQ(wait_step(&boxes[0], 2), 1);
	CHECK_EQ(boxes[0].r[0], 0x4);
	CHECK_EQ(tsr_signal(b3), 0);
	CHECK_EQ(wait_done(&boxes[0]), 1);
	CHECK_EQ(boxes[0].r[1], 0x100);
	CHECK_EQ(tsr_poll(n), 0); /* WAIT cleared it */
	area_end("notifications");
}

/* Three receives on an endpoint while a notification is bound to the thread. */
static void bound_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	for (int i = 0; i < 3; i++) {
		struct tsr_msg m = {0};
		b->step = i + 1;
		b->r[i * 3] = tsr_recv(b->cap[0], &m);
		b->r[i * 3 + 1] = (long)m.info;
		b->r[i * 3 + 2] = (long)m.w[0];
	}
	b->done = 1;
}

static void test_bound_notification(void)
{
	area_begin();
	struct box *b = &boxes[0];
	long ep = make(TSR_OBJ_ENDPOINT), n = make(TSR_OBJ_NOTIFICATION);
	long b8 = mint(n, TSR_W, 0x8), b30 = mint(n, TSR_W, 0x30);
	b->cap[0] = ep;
	struct tsr_component s = spawn(bound_server, b, PRIO, false, 0);
	CHECK_EQ(tsr_tcb_bind_notification(s.tcb, n), 0);
	/* Pending before the thread receives: its first RECV returns at once. A word is
	 * pending, so a wrongly allowed WAIT by the root would not block. */
	CHECK_EQ(tsr_signal(b8), 0);
	CHECK_EQ(tsr_wait(n), -TSR_ESTATE); /* bound to another thread */
	CHECK_EQ(tsr_tcb_resume(s.tcb), 0);
	/* Signalled while the thread waits in RECV. */
	CHECK_EQ(wait_step(b, 2), 1);
	CHECK_EQ(tsr_signal(b30), 0);
	/* An ordinary message still arrives as one. */
	CHECK_EQ(wait_step(b, 3), 1);
	struct tsr_msg m = {.info = TSR_MSGINFO(0x77, TSR_MSG_SHORT, 1, 0), .w = {5}};
	CHECK_EQ(tsr_nbsend(ep, &m), 0);
	CHECK_EQ(wait_done(b), 1);
	CHECK_EQ(b->r[0], 0x8);
	CHECK_EQ(TSR_MSG_FORM(b->r[1]), TSR_MSG_NOTIFY);
	CHECK_EQ(b->r[3], 0x30);
	CHECK_EQ(TSR_MSG_FORM(b->r[4]), TSR_MSG_NOTIFY);
	CHECK_EQ(b->r[6], 0);
	CHECK_EQ(b->r[7], TSR_MSGINFO(0x77, TSR_MSG_SHORT, 1, 0));
	CHECK_EQ(b->r[8], 5);
	CHECK_EQ(tsr_poll(n), 0); /* each RECV cleared the word */
	area_end("bound notification");
}

/* A server with a bound notification answers two calls with REPLY_RECV: the first
 * with no bits pending (it then waits, and a signal wakes it), the second with bits it
 * signalled itself (the receive ends at once with them, the reply delivered all the
 * same). Both kernels must agree: the fast path takes only the first. */
static void bound_reply_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->r[0] = tsr_recv(b->cap[0], &m);
	m = (struct tsr_msg){.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 1, 0), .w = {0x111}};
	b->step = 1;
	b->r[1] = tsr_reply_recv(b->cap[0], &m); /* replies, then waits: the root signals */
	b->r[2] = (long)m.info;
	b->r[3] = tsr_recv(b->cap[0], &m); /* the second call */
	b->r[4] = tsr_signal(b->cap[1]);   /* bits pending at the REPLY_RECV */
	m = (struct tsr_msg){.info = TSR_MSGINFO(2, TSR_MSG_SHORT, 1, 0), .w = {0x222}};
	b->r[5] = tsr_reply_recv(b->cap[0], &m);
	b->r[6] = (long)m.info;
	b->done = 1;
}

static void bound_reply_client(unsigned long arg)
{
	struct box *b = BOX(arg);
	for (int i = 0; i < 2; i++) {
		struct tsr_msg m = {.info = TSR_MSGINFO(0x40 + i, TSR_MSG_SHORT, 0, 0)};
		while (i && !b->r[10]) /* the second call once the root says */
			tsr_yield();
		b->r[i * 2] = tsr_call(b->cap[0], &m);
		b->r[i * 2 + 1] = (long)m.w[0];
		b->step = (unsigned long)i + 1;
	}
	b->done = 1;
}

static void test_bound_reply_recv(void)
{
	area_begin();
	struct box *sb = &boxes[0], *cb = &boxes[1];
	long ep = make(TSR_OBJ_ENDPOINT), n = make(TSR_OBJ_NOTIFICATION);
	sb->cap[0] = cb->cap[0] = ep;
	sb->cap[1] = mint(n, TSR_W, 0x1);
	long b4 = mint(n, TSR_W, 0x4);
	struct tsr_component s = spawn(bound_reply_server, sb, PRIO, false, 0);
	CHECK_EQ(tsr_tcb_bind_notification(s.tcb, n), 0);
	CHECK_EQ(tsr_tcb_resume(s.tcb), 0);
	struct tsr_component c = spawn(bound_reply_client, cb, PRIO, false, 0);
	CHECK_EQ(tsr_tcb_resume(c.tcb), 0);
	CHECK_EQ(wait_step(sb, 1), 1);
	CHECK_EQ(wait_step(cb, 1), 1); /* answered; the server waits in its receive */
	CHECK_EQ(tsr_signal(b4), 0);   /* and this wakes it */
	cb->r[10] = 1;
	CHECK_EQ(wait_done(sb), 1);
	CHECK_EQ(wait_done(cb), 1);
	CHECK_EQ(cb->r[0], 0);
	CHECK_EQ(cb->r[1], 0x111);
	CHECK_EQ(sb->r[1], 0x4);
	CHECK_EQ(TSR_MSG_FORM(sb->r[2]), TSR_MSG_NOTIFY);
	CHECK_EQ(sb->r[3], 0); /* the second call came (badge 0) */
	CHECK_EQ(sb->r[4], 0);
	CHECK_EQ(cb->r[2], 0);
	CHECK_EQ(cb->r[3], 0x222); /* delivered, though the receive ended at once */
	CHECK_EQ(sb->r[5], 0x1);
	CHECK_EQ(TSR_MSG_FORM(sb->r[6]), TSR_MSG_NOTIFY);
	CHECK_EQ(tsr_poll(n), 0);
	area_end("reply-and-receive with a bound notification");
}

/* ---- interrupts: the EL1 physical timer ---- */

/* cap[0] the handler, cap[1] the notification (read), cap[2] its badged copy. */
static void timer_thread(unsigned long arg)
{
	struct box *b = BOX(arg);
	unsigned long irq = b->cap[0], ntfn = b->cap[1], freq = tsr_counter_hz();
	b->r[0] = tsr_invoke(irq, TSR_IRQ_HANDLER_SET_NOTIFICATION, b->cap[2], 0, 0, 0, 0, 0);
	for (int i = 0; i < 2; i++) { /* the second proves ACK unmasked the line */
		unsigned long t0 = cntpct(), deadline = t0 + freq / 1000;
		b->step = i + 1;
		cntp_arm(deadline);
		long w = tsr_wait(ntfn);
		unsigned long t1 = cntpct(), ctl = cntp_ctl();
		cntp_off(); /* level-triggered: off before the ACK */
		b->r[1 + i * 5] = w;
		b->r[2 + i * 5] = t1 >= deadline;
		b->r[3 + i * 5] = (ctl & CNT_ISTATUS) != 0;
		b->r[4 + i * 5] = tsr_invoke(irq, TSR_IRQ_HANDLER_ACK, 0, 0, 0, 0, 0, 0);
		b->r[5 + i * 5] = (long)((t1 - t0) * 1000000 / freq);
	}
	/* Cleared: the timer fires, nothing is delivered. */
	b->r[11] = tsr_invoke(irq, TSR_IRQ_HANDLER_CLEAR, 0, 0, 0, 0, 0, 0);
	unsigned long t0 = cntpct();
	cntp_arm(t0 + freq / 1000);
	while (cntpct() < t0 + 3 * freq / 1000)
		tsr_yield();
	b->r[12] = (cntp_ctl() & CNT_ISTATUS) != 0;
	b->r[13] = tsr_poll(ntfn);
	cntp_off();
	b->done = 1;
}

/* A signal and an interrupt wake a thread above the running one: it runs at once (the
 * fast path's direct switch, schedule() without it), before the signal returns, within
 * microseconds of the interrupt (a time slice is 5 ms); the root never yields here. */
static void test_preemption(long h)
{
	area_begin();
	struct box *b = &boxes[0];
	long n = make(TSR_OBJ_NOTIFICATION);
	b->cap[0] = n;
	b->cap[1] = h;
	CHECK_EQ(
	    tsr_invoke(h, TSR_IRQ_HANDLER_SET_NOTIFICATION, mint(n, TSR_W, 0x200), 0, 0, 0, 0, 0),
	    0);
	start(waiter, b, PRIO + 1, false);
	CHECK_EQ(b->step, 1); /* it ran until it waited */
	CHECK_EQ(tsr_signal(mint(n, TSR_W, 0x10)), 0);
	CHECK_EQ(b->step, 2);
	CHECK_EQ(b->r[0], 0x10);
	unsigned long armed = cntpct(), end = armed + tsr_counter_hz();
	cntp_arm(armed); /* due already: the interrupt comes at once */
	while (!b->done && cntpct() < end)
		;
	CHECK_EQ(b->done, 1);
	CHECK_EQ(b->r[1], 0x200);
	CHECK_EQ((unsigned long)b->r[2] - armed < tsr_counter_hz() / 10000, 1); /* < 100 us */
	CHECK_EQ(b->r[3], 0);
	area_end("a signal and an interrupt preempt the running thread");
}

static long irq_get(unsigned long irq, long slot)
{
	return tsr_invoke(TSR_SLOT_IRQ_CONTROL, TSR_IRQ_CONTROL_GET, irq, TSR_SLOT_CNODE,
			  (unsigned long)slot, 0, 0, 0);
}

static void test_timer_interrupt(void)
{
	area_begin();
	struct box *b = &boxes[0];
	long h = empty_slot(), n = make(TSR_OBJ_NOTIFICATION);
	CHECK_EQ(irq_get(TIMER_IRQ, h), 0);
	b->cap[0] = h;
	b->cap[1] = n;
	b->cap[2] = mint(n, TSR_W, 0x40);
	start(timer_thread, b, PRIO, false);
	CHECK_EQ(wait_done(b), 1);
	CHECK_EQ(b->r[0], 0);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(b->r[1 + i * 5], 0x40); /* the handler's badge */
		CHECK_EQ(b->r[2 + i * 5], 1);	 /* woken after the deadline */
		CHECK_EQ(b->r[3 + i * 5], 1);	 /* the timer condition was met */
		CHECK_EQ(b->r[4 + i * 5], 0);
	}
	CHECK_EQ(b->r[11], 0);
	CHECK_EQ(b->r[12], 1);
	CHECK_EQ(b->r[13], 0);
	if (utest_failed == area_failed_before)
		tsr_printf(
		    "ipc: timer interrupts woke the handler %ld us and %ld us after arming\n",
		    b->r[5], b->r[10]);
	area_end("timer interrupt");

	area_begin();
	CHECK_EQ(irq_get(26, empty_slot()), -TSR_EINVAL); /* the kernel's timer */
	CHECK_EQ(irq_get(2000, empty_slot()), -TSR_EINVAL);
	CHECK_EQ(irq_get(1020, empty_slot()), -TSR_EINVAL);
	CHECK_EQ(irq_get(31, empty_slot()), -TSR_EINVAL);
	CHECK_EQ(irq_get(27, empty_slot()), -TSR_EINVAL);
	CHECK_EQ(irq_get(0, empty_slot()), -TSR_EINVAL);
	CHECK_EQ(irq_get(TIMER_IRQ, empty_slot()), -TSR_EEXISTS);
	area_end("interrupt control errors");
	test_preemption(h);
}

/* ---- faults as messages ---- */

static void fault_memory(unsigned long arg)
{
	struct box *b = BOX(arg);
	b->step = 1;
	*(volatile unsigned long *)(FAULT_VA + 0x18) = 0xfeed; /* unmapped until handled */
	b->r[1] = (long)*(volatile unsigned long *)(FAULT_VA + 0x18);
	b->done = 1;
}

static void fault_syscall(unsigned long arg)
{
	struct box *b = BOX(arg);
	register unsigned long x8 __asm__("x8") = 200;
	register long x0 __asm__("x0") = 7;
	b->step = 1;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : TSR_SVC_CLOBBERS);
	b->r[1] = x0;
	b->done = 1;
}

static void fault_undefined(unsigned long arg)
{
	struct box *b = BOX(arg);
	b->step = 1;
	__asm__ volatile("udf #0x42" ::: "memory");
	b->r[1] = 1; /* never: nobody replies */
	b->done = 1;
}

/* Takes one fault message, records it, and never replies. */
static void silent_handler(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->r[0] = tsr_recv(b->cap[0], &m);
	b->r[1] = (long)m.info;
	for (int k = 0; k < 4; k++)
		b->r[2 + k] = (long)m.w[k];
	b->step = 1;
	tsr_wait(b->cap[1]); /* a notification nobody signals: the call stays unanswered */
	b->done = 1;
}

static void test_faults(void)
{
	area_begin();
	struct box *mb = &boxes[0], *sb = &boxes[1], *ub = &boxes[2], *hb = &boxes[3];
	long fep = make(TSR_OBJ_ENDPOINT), fep_u = make(TSR_OBJ_ENDPOINT);
	struct tsr_msg m;

	/* Without a fault endpoint, an unknown system call just fails. */
	{
		register unsigned long x8 __asm__("x8") = 200;
		register long x0 __asm__("x0") = 0;
		__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : TSR_SVC_CLOBBERS);
		CHECK_EQ(x0, -TSR_ENOSYS);
	}

	/* A memory fault: the root maps a page there and replies; the store happens. */
	struct tsr_component fm =
	    spawn(fault_memory, mb, PRIO, false, mint(fep, TSR_W | TSR_G, 0xf1));
	CHECK_EQ(tsr_tcb_resume(fm.tcb), 0);
	m = (struct tsr_msg){0};
	CHECK_EQ(recv_bounded(fep, &m), 0xf1);
	CHECK_EQ(m.info, TSR_MSGINFO(TSR_FAULT_MEMORY, TSR_MSG_SHORT, 4, 0));
	CHECK_EQ(ESR_EC(m.w[0]), EC_DABT_LOWER);
	CHECK_EQ((m.w[0] & ESR_WNR) != 0, 1); /* a write */
	CHECK_EQ(m.w[1], FAULT_VA + 0x18);
	CHECK_EQ(in_function(m.w[2], fault_memory), 1);
	long page = tsr_root_map_new(&r, fm.vspace, FAULT_VA, RW);
	CHECK_EQ(page > 0, 1);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_reply(&m), 0);
	CHECK_EQ(wait_done(mb), 1);
	CHECK_EQ(mb->r[1], 0xfeed);
	CHECK_EQ(tsr_root_map_copy(&r, page, TSR_SLOT_VSPACE, PEEK_VA, TSR_R) > 0, 1);
	CHECK_EQ(*(volatile unsigned long *)(PEEK_VA + 0x18), 0xfeed);

	/* An unknown system call: the reply's first word is its result. */
	struct tsr_component fs =
	    spawn(fault_syscall, sb, PRIO, false, mint(fep, TSR_W | TSR_G, 0xf3));
	CHECK_EQ(tsr_tcb_resume(fs.tcb), 0);
	m = (struct tsr_msg){0};
	CHECK_EQ(recv_bounded(fep, &m), 0xf3);
	CHECK_EQ(m.info, TSR_MSGINFO(TSR_FAULT_SYSCALL, TSR_MSG_SHORT, 4, 0));
	CHECK_EQ(ESR_EC(m.w[0]), EC_SVC64);
	CHECK_EQ(in_function(m.w[2], fault_syscall), 1);
	CHECK_EQ(m.w[3], 200);
	m = (struct tsr_msg){.info = TSR_MSGINFO(0, TSR_MSG_SHORT, 1, 0), .w = {42}};
	CHECK_EQ(tsr_reply(&m), 0);
	CHECK_EQ(wait_done(sb), 1);
	CHECK_EQ(sb->r[1], 42);

	/* An undefined instruction, and a handler that never replies: the thread stays. */
	hb->cap[0] = fep_u;
	hb->cap[1] = make(TSR_OBJ_NOTIFICATION);
	start(silent_handler, hb, PRIO, false);
	struct tsr_component fu =
	    spawn(fault_undefined, ub, PRIO, false, mint(fep_u, TSR_W | TSR_G, 0xf2));
	CHECK_EQ(tsr_tcb_resume(fu.tcb), 0);
	CHECK_EQ(wait_step(hb, 1), 1);
	CHECK_EQ(hb->r[0], 0xf2);
	CHECK_EQ(hb->r[1], TSR_MSGINFO(TSR_FAULT_UNDEFINED, TSR_MSG_SHORT, 4, 0));
	CHECK_EQ(ESR_EC(hb->r[2]), EC_UNKNOWN);
	CHECK_EQ(hb->r[3], hb->r[4]); /* the address is the PC */
	CHECK_EQ(in_function((unsigned long)hb->r[4], fault_undefined), 1);
	CHECK_EQ(*(const unsigned int *)hb->r[4], 0x00000042); /* udf #0x42 */
	for (int i = 0; i < 100; i++)
		tsr_yield();
	CHECK_EQ(ub->step, 1);
	CHECK_EQ(ub->r[1], 0);
	CHECK_EQ(ub->done, 0);
	unsigned long pc = 0;
	CHECK_EQ(tsr_tcb_suspend(fu.tcb), 0);
	CHECK_EQ(tsr_tcb_read_register(fu.tcb, TSR_REG_PC, &pc), 0);
	CHECK_EQ(pc, hb->r[4]); /* still at the udf */
	area_end("faults as messages");
}

/* ---- deletion and cancellation ---- */

static void one_send(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 1, 0), .w = {5}};
	b->step = 1;
	b->r[0] = tsr_send(b->cap[0], &m);
	b->done = 1;
}

static void one_wait(unsigned long arg)
{
	struct box *b = BOX(arg);
	b->step = 1;
	b->r[0] = tsr_wait(b->cap[0]);
	b->done = 1;
}

/* Takes a call, then blocks elsewhere (not receiving) without answering it. */
static void holding_server(unsigned long arg)
{
	struct box *b = BOX(arg);
	struct tsr_msg m = {0};
	b->step = 1;
	b->r[0] = tsr_recv(b->cap[0], &m);
	b->r[1] = (long)m.w[0];
	b->step = 2;
	b->r[2] = tsr_wait(b->cap[1]);
	b->done = 1;
}

static void test_deletion(void)
{
	area_begin();
	struct box *b = boxes;
	long e[3] = {make(TSR_OBJ_ENDPOINT), make(TSR_OBJ_ENDPOINT), make(TSR_OBJ_ENDPOINT)};
	void (*const fn[3])(unsigned long) = {plain_receiver, one_send, one_call};

	/* Threads blocked in RECV, SEND and CALL on endpoints that go away. */
	for (int i = 0; i < 3; i++) {
		b[i].cap[0] = e[i];
		start(fn[i], &b[i], PRIO, false);
		CHECK_EQ(wait_step(&b[i], 1), 1);
	}
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(b[i].done, 0);
		CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, e[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(wait_done(&b[i]), 1);
		CHECK_EQ(b[i].r[0], -TSR_EPEER);
	}

	/* A server holding a call is deleted (3, 4), or suspended (5, 6). */
	for (int i = 3; i < 7; i += 2) {
		struct box *sb = &b[i], *cb = &b[i + 1];
		long ep = make(TSR_OBJ_ENDPOINT);
		sb->cap[0] = cb->cap[0] = ep;
		sb->cap[1] = make(TSR_OBJ_NOTIFICATION);
		struct tsr_component s = start(holding_server, sb, PRIO, false);
		CHECK_EQ(wait_step(sb, 1), 1);
		start(one_call, cb, PRIO, false);
		CHECK_EQ(wait_step(sb, 2), 1);
		CHECK_EQ(sb->r[0], 0);
		CHECK_EQ(sb->r[1], 77);
		CHECK_EQ(cb->done, 0); /* waiting for the reply */
		if (i == 3)
			CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, s.tcb), 0);
		else
			CHECK_EQ(tsr_tcb_suspend(s.tcb), 0);
		CHECK_EQ(wait_done(cb), 1);
		CHECK_EQ(cb->r[0], -TSR_EPEER);
		CHECK_EQ(sb->done, 0);
	}

	/* A receiver suspended while blocked leaves the queue; resumed, it gets -EPEER. */
	struct box *qb = &b[7];
	long ep = make(TSR_OBJ_ENDPOINT);
	qb->cap[0] = ep;
	struct tsr_component q = start(plain_receiver, qb, PRIO, false);
	CHECK_EQ(wait_step(qb, 1), 1);
	CHECK_EQ(tsr_tcb_suspend(q.tcb), 0);
	struct tsr_msg m = {.info = TSR_MSGINFO(1, TSR_MSG_SHORT, 0, 0)};
	CHECK_EQ(tsr_nbsend(ep, &m), -TSR_EAGAIN);
	CHECK_EQ(tsr_tcb_resume(q.tcb), 0);
	CHECK_EQ(wait_done(qb), 1);
	CHECK_EQ(qb->r[0], -TSR_EPEER);

	/* A notification waiter, released when the notification goes. */
	struct box *wb = &b[8];
	long n = make(TSR_OBJ_NOTIFICATION);
	wb->cap[0] = n;
	start(one_wait, wb, PRIO, false);
	CHECK_EQ(wait_step(wb, 1), 1);
	CHECK_EQ(wb->done, 0);
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, n), 0);
	CHECK_EQ(wait_done(wb), 1);
	CHECK_EQ(wb->r[0], -TSR_EPEER);
	area_end("deletion releases waiters");
}

int main(void)
{
	const struct tsr_bootinfo *info = (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR;
	CHECK_EQ(info->magic, TSR_BOOTINFO_MAGIC);
	tsr_root_init(&r, info);
	for (int i = 0; i < 2; i++) {
		shared_frame[i] = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED + i * 4096UL, RW);
		CHECK_EQ(shared_frame[i] > 0, 1);
	}
	_Static_assert(NBOXES >= 9, "the tests' boxes fit the shared pages");
	/* Share the CPU with the threads. */
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0);
	tsr_printf("ipc: root ready\n");

	test_short();
	test_call();
	test_priority_calls();
	test_badges();
	test_nonblocking();
	test_rights();
	test_full();
	test_extended();
	test_priorities();
	test_notifications();
	test_bound_notification();
	test_bound_reply_recv();
	test_timer_interrupt();
	test_faults();
	test_deletion();
	utest_finish();
}
