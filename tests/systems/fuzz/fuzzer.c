/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzzer: a hostile component making seeded, reproducible random system calls and
 * invocations of every method, with valid, invalid and borderline capabilities and
 * arguments, and with the authority to reach the success paths too: its own untyped
 * memory (manifest key untyped, slot TSR_COMPONENT_SLOT_UNTYPED) to make threads,
 * CNodes, address spaces, page tables, frames, vCPUs, scheduling contexts, endpoints and
 * notifications; an IRQ handler; a call channel to the server and its own TCB, CNode
 * and VSpace. After each batch it checks what it holds (docs/testing.md, "The hostile
 * component fuzzer"). Every call must return: an error code or success.
 *
 * The same seed makes the same calls (fuzz_seed, fuzz_calls and fuzz_batch are set by
 * the manifest). The fuzzer spares only what would stop the test rather than the kernel:
 * it does not delete or move its fixed capabilities, does not suspend, reconfigure,
 * move to another CPU or exit its own thread or power the machine off, and it never blocks where
 * nobody would wake it (blocking receives follow a signal to its bound notification; blocking sends
 * and calls go to the server only).
 */
#include "../../fuzz_edges.h"
#include <tessera/clock.h>
#include <tessera/component.h>
#include <tessera/ipc.h>
#include <tessera/object.h>
#include <tessera/spec_format.h>
#include <tessera/syscall.h>

volatile unsigned long fuzz_seed = 1;	  /* setvar: the run */
volatile unsigned long fuzz_calls = 1000; /* setvar: random calls in all */
volatile unsigned long fuzz_batch = 1000; /* setvar: calls between checks */
volatile unsigned long fuzz_trace = ~0UL; /* setvar: print each invocation from this call on */

#define CH_SERVER 0 /* call channel to the server */
#define CH_VICTIM 1 /* notify channel: "done" to the victim */
#define CH_IRQ 2    /* an interrupt line nobody raises */
#define SLOTS (1UL << TSR_COMPONENT_CNODE_BITS)
#define PLAY_VA 0x4000000000UL /* where it maps frames it makes: 256 GiB, nothing there */
#define PLAY_SPAN 0x800000UL
#define PAGE 4096UL

static unsigned long state;
static unsigned char scratch[2 * PAGE] __attribute__((aligned(4096)));
static unsigned long child_stack[64] __attribute__((aligned(16)));
static unsigned long ut_base, ut_size;

/* Counts: calls, results by error code, problems found. */
static unsigned long calls, ok, errors[TSR_ERROR_COUNT], problems;
static unsigned long method_ok[TSR_METHOD_COUNT]; /* successes of each method */

static unsigned long rnd(void) /* xorshift64* */
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dUL;
}

static unsigned long below(unsigned long n) { return rnd() % n; }

static void problem(const char *what, unsigned long a, unsigned long b)
{
	problems++;
	tsr_printf("fuzz: PROBLEM %s (%lx, %lx) at call %lu, seed %lu\n", what, a, b, calls,
		   fuzz_seed);
}

/* A result: success (data, never negative) or a negated error code. */
static long result(long r)
{
	calls++;
	if (r >= 0)
		ok++;
	else if (r > -TSR_ERROR_COUNT)
		errors[-r]++;
	else
		problem("a result that is neither data nor an error", (unsigned long)r, 0);
	return r;
}

/* Borderline numbers: zero, field limits and just beyond, bits beyond every field. */
static const unsigned long edges[] = {TSR_FUZZ_EDGES, (unsigned long)-TSR_EFAULT,
				      0xdeadbeefcafef00d};

static unsigned long number(void)
{
	switch (below(4)) {
	case 0:
		return edges[below(sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return below(64);
	case 2:
		return rnd();
	default:
		return edges[below(sizeof(edges) / sizeof(edges[0]))] ^ (1UL << below(64));
	}
}

/* Fixed slots it keeps; all others it may delete or move. */
static int kept(unsigned long slot)
{
	return (slot >= TSR_COMPONENT_SLOT_TCB && slot <= TSR_COMPONENT_SLOT_UNTYPED) ||
	       slot == TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER) ||
	       slot == TSR_COMPONENT_CHANNEL_SLOT(CH_VICTIM) ||
	       slot == TSR_COMPONENT_CHANNEL_SLOT(CH_IRQ);
}

/* A capability argument: mostly a slot of its CNode (where it makes objects: 64..95),
 * else a fixed one, slot 0, the last, or one past the CNode. Never the victim's channel,
 * whose signal ends the test (its own notification instead). */
static unsigned long any_cap(void)
{
	switch (below(8)) {
	case 0:
	case 1:
	case 2:
		return 64 + below(32);
	case 3:
		return 1 + below(10);
	case 4:
		return below(SLOTS);
	case 5:
		return below(2) ? 0 : SLOTS - 1;
	case 6:
		return edges[below(sizeof(edges) / sizeof(edges[0]))];
	default:
		return TSR_COMPONENT_SLOT_UNTYPED;
	}
}

static unsigned long cap(void)
{
	unsigned long c = any_cap();
	return c == TSR_COMPONENT_CHANNEL_SLOT(CH_VICTIM) ? TSR_COMPONENT_SLOT_NOTIFICATION : c;
}

/* A slot it may empty: never a kept one. */
static unsigned long free_slot(void)
{
	unsigned long s = cap();
	return kept(s) ? 64 + below(32) : s;
}

/* An address: its scratch buffer (ends too), the play window, unmapped, read-only,
 * wrapping past 2^64, beyond 39 bits. Never its own data or stack (the kernel may write
 * there for DEBUG_READ and messages). */
static unsigned long address(void)
{
	unsigned long s = (unsigned long)scratch;
	switch (below(10)) {
	case 0:
		return s + below(sizeof(scratch));
	case 1:
		return s + sizeof(scratch) - below(16);
	case 2:
		return PLAY_VA + (below(PLAY_SPAN) & ~(below(4) ? PAGE - 1 : 0));
	case 3:
		return (unsigned long)&fuzz_seed & ~(PAGE - 1); /* its data: to read from */
	case 4:
		return ~0UL - below(64);
	case 5:
		return (1UL << 39) - below(PAGE);
	case 6:
		return below(PAGE);
	case 7:
		return 0xffff000040000000UL + below(1UL << 20);
	default:
		return number();
	}
}

/* An address the kernel may write to: not in its program, stack or UTCB (below 1 GiB)
 * unless in the scratch buffer; those move to the play window. */
static unsigned long writable_address(void)
{
	unsigned long a = address(), s = (unsigned long)scratch;
	if (a >= PAGE && a < TSR_COMPONENT_STACK_TOP && (a < s || a >= s + sizeof(scratch)))
		a = PLAY_VA + (a & (PLAY_SPAN - 1));
	return a;
}

/* An address no console text comes from: wrapping, beyond 39 bits, the first page, the
 * kernel's, or random with bits beyond 39. */
static unsigned long bad_address(void)
{
	switch (below(5)) {
	case 0:
		return ~0UL - below(64);
	case 1:
		return (1UL << 39) - below(16);
	case 2:
		return below(PAGE);
	case 3:
		return 0xffff000040000000UL + below(1UL << 20);
	default:
		return rnd() | (1UL << (39 + below(25)));
	}
}

/* A child thread's start: wait on its CSpace's slot 4; if that fails, exit. It runs only
 * when the fuzzer has given it a CSpace and an address space of its own choice. */
static void child_entry(void)
{
	struct tsr_msg m = {0};
	tsr_recv(TSR_COMPONENT_SLOT_ENDPOINT, &m);
	tsr_exit(0);
}

/* Before resuming a thread other than itself: a start it controls (its priority stays 0:
 * the root manager gives a budgeted component with untyped memory MCP 0). */
static void child_start(unsigned long tcb)
{
	result(tsr_tcb_write_register(tcb, TSR_REG_PC, (unsigned long)child_entry));
	result(tsr_tcb_write_register(tcb, TSR_REG_SP,
				      (unsigned long)child_stack + sizeof(child_stack)));
	result(tsr_tcb_set_priority(tcb, TSR_COMPONENT_SLOT_TCB, 0));
}

/* A page of the play window's first 64 K: one pair of page tables maps them all. */
static unsigned long play_page(void) { return PLAY_VA + PAGE * below(16); }

static unsigned long rights(void) { return below(4) ? below(16) : number(); }

static long invoke(unsigned long c, unsigned long method, unsigned long a0, unsigned long a1,
		   unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	unsigned long value;
	if (calls >= fuzz_trace)
		tsr_printf("fuzz: call %lu: invoke %lx %lu (%lx %lx %lx %lx %lx %lx)\n", calls, c,
			   method, a0, a1, a2, a3, a4, a5);
	long r = result(tsr_invoke6(c, method, a0, a1, a2, a3, a4, a5, &value));
	if (r >= 0 && method < TSR_METHOD_COUNT)
		method_ok[method]++;
	return r;
}

static unsigned long object_type(void) { return below(8) ? 2 + below(13) : number(); }

static unsigned long object_bits(unsigned long type)
{
	if (below(4) == 0)
		return number();
	return type == TSR_OBJ_UNTYPED ? 12 + below(6) : type == TSR_OBJ_CNODE ? 1 + below(6) : 0;
}

/* One random method invocation. */
static void random_invoke(void)
{
	unsigned long method = below(16) ? 1 + below(TSR_METHOD_COUNT - 1) : number();
	unsigned long c = cap(), t;
	switch (method) {
	case TSR_UNTYPED_RETYPE:
		c = below(4) ? TSR_COMPONENT_SLOT_UNTYPED : c;
		t = object_type();
		invoke(c, method, t, object_bits(t), below(8) ? TSR_COMPONENT_SLOT_CNODE : cap(),
		       below(8) ? 64 + below(32) : cap(), below(8) ? 1 + below(3) : number(),
		       number());
		return;
	case TSR_CNODE_COPY:
	case TSR_CNODE_MINT: {
		unsigned long src = cap();
		if (src == TSR_COMPONENT_SLOT_TCB || src == TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER))
			src = TSR_COMPONENT_SLOT_NOTIFICATION; /* no second handle on itself */
		invoke(below(4) ? TSR_COMPONENT_SLOT_CNODE : c, method, cap(),
		       below(4) ? TSR_COMPONENT_SLOT_CNODE : cap(), src, rights(),
		       below(2) ? below(1UL << 20) : number(), number());
		return;
	}
	case TSR_CNODE_MOVE:
	case TSR_CNODE_MUTATE:
		invoke(below(4) ? TSR_COMPONENT_SLOT_CNODE : c, method, cap(),
		       below(4) ? TSR_COMPONENT_SLOT_CNODE : cap(), free_slot(), rights(), number(),
		       number());
		return;
	case TSR_CNODE_DELETE:
		invoke(below(4) ? TSR_COMPONENT_SLOT_CNODE : c, method, free_slot(), number(),
		       number(), 0, 0, 0);
		return;
	case TSR_CNODE_REVOKE: /* revoking its untyped takes back all it made: rarely */
		t = cap();
		if (t == TSR_COMPONENT_SLOT_UNTYPED && below(64))
			t = free_slot();
		invoke(below(4) ? TSR_COMPONENT_SLOT_CNODE : c, method, t, number(), 0, 0, 0, 0);
		return;
	default:
		break;
	}
	if (c == TSR_COMPONENT_SLOT_TCB) { /* itself: only what leaves it running as it is */
		switch (method) {
		case TSR_TCB_CONFIGURE:
		case TSR_TCB_SUSPEND:
		case TSR_TCB_UNBIND_NOTIFICATION:
		case TSR_TCB_SET_AFFINITY: /* on another CPU its calls to the server would wait
					    * for QEMU's round-robin turns (docs/smp.md) */
			method = TSR_TCB_SET_NAME;
			break;
		case TSR_TCB_SET_PRIORITY:
		case TSR_TCB_SET_MCP: /* above its MCP (0): refused; priority 0 would stop it */
			t = number();
			invoke(c, method, below(2) ? TSR_COMPONENT_SLOT_TCB : cap(),
			       t || method == TSR_TCB_SET_MCP ? t : 1, 0, 0, 0, 0);
			return;
		case TSR_TCB_SET_NAME: /* a fixed name: the kernel prints it in reports */
			invoke(c, method, 0x7a7a7566, 0, 0, number(), 0, 0);
			return;
		default:
			break;
		}
	}
	switch (method) {
	case TSR_TCB_CONFIGURE:
		t = cap();
		if (t == TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER))
			t = 0; /* a child's faults would go to the server, which resumes them */
		if (below(2))  /* its own CSpace and VSpace: one that can succeed */
			invoke(c, method, TSR_COMPONENT_SLOT_CNODE, TSR_COMPONENT_SLOT_VSPACE,
			       play_page(), 64 + below(32), below(2) ? 0 : t, below(2));
		else
			invoke(c, method, cap(), cap(), below(2) ? play_page() : address(), cap(),
			       t, below(4) ? below(2) : number());
		return;
	case TSR_TCB_RESUME:
		if (c != TSR_COMPONENT_SLOT_TCB)
			child_start(c);
		invoke(c, method, number(), 0, 0, 0, 0, 0);
		return;
	case TSR_TCB_READ_REGISTER:
	case TSR_TCB_WRITE_REGISTER:
		invoke(c, method, below(2) ? below(64 + TSR_VCPU_NREGS + 2) : number(), number(),
		       number(), 0, 0, 0);
		return;
	case TSR_TCB_SET_PRIORITY:
	case TSR_TCB_SET_MCP: /* its MCP is 0 (budget and untyped): any other is refused */
		invoke(c, method, below(4) ? TSR_COMPONENT_SLOT_TCB : cap(), number(), 0, 0, 0, 0);
		return;
	case TSR_PAGE_TABLE_MAP:
		invoke(c, method, below(2) ? TSR_COMPONENT_SLOT_VSPACE : cap(),
		       below(2) ? play_page() : address(), number(), 0, 0, 0);
		return;
	case TSR_FRAME_MAP:
		invoke(c, method, below(2) ? TSR_COMPONENT_SLOT_VSPACE : cap(),
		       below(2) ? play_page() : writable_address(), below(2) ? 3 : rights(),
		       below(4) ? below(2) : number(), number(), 0);
		return;
	case TSR_SCHED_CONTROL_CONFIGURE:
		invoke(c, method, cap(), number(), number(), number(), cap(), 0);
		return;
	case TSR_IRQ_CONTROL_GET:
		invoke(c, method, number(), cap(), cap(), 0, 0, 0);
		return;
	case TSR_IRQ_HANDLER_SET_NOTIFICATION:
	case TSR_IRQ_HANDLER_ACK:
	case TSR_IRQ_HANDLER_CLEAR:
		invoke(below(2) ? TSR_COMPONENT_CHANNEL_SLOT(CH_IRQ) : c, method, cap(), 0, 0, 0, 0,
		       0);
		return;
	case TSR_VCPU_INJECT_IRQ:
	case TSR_VCPU_SET_NOTIFY_IRQ:
		invoke(c, method, below(2) ? below(1100) : number(),
		       below(2) ? below(256) : number(), 0, 0, 0, 0);
		return;
	case TSR_VCPU_SET_CHANNEL:
		invoke(c, method, below(2) ? below(20) : number(), cap(), 0, 0, 0, 0);
		return;
	default: /* the other methods, and numbers that are none */
		invoke(c, method, cap(), cap(), number(), number(), number(), number());
		return;
	}
}

static void message(struct tsr_msg *m)
{
	m->info = below(2) ? TSR_MSGINFO(rnd(), below(4), below(8), below(4)) : number();
	if (TSR_MSG_FORM(m->info) == TSR_MSG_EXT && below(2))
		m->info = TSR_MSGINFO(rnd(), TSR_MSG_EXT, below(TSR_MSG_EXT_BYTES + 64), 0);
	for (unsigned i = 0; i < TSR_MSG_SHORT_WORDS; i++)
		m->w[i] = number();
	if (TSR_MSG_FORM(m->info) == TSR_MSG_EXT)
		m->w[0] = address();
	struct tsr_utcb *u = (struct tsr_utcb *)TSR_COMPONENT_UTCB;
	for (unsigned i = 0; i < TSR_MSG_CAPS; i++) {
		u->send_caps[i] = cap();
		u->recv_slots[i] = free_slot();
	}
	u->recv_buffer = below(2) ? (unsigned long)scratch : writable_address();
	u->recv_buffer_size = below(2) ? PAGE : number();
}

/* Receiving must not block for ever: the bound notification, signalled, ends it. */
static void unblock(void) { tsr_signal(TSR_COMPONENT_SLOT_NOTIFICATION); }

/* Where a blocking send or call may go: the server, or anything that is not an
 * endpoint it could wait on for ever. */
static unsigned long send_target(void)
{
	static const unsigned long targets[] = {TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER),
						TSR_COMPONENT_SLOT_TCB,
						TSR_COMPONENT_SLOT_CNODE,
						TSR_COMPONENT_SLOT_VSPACE,
						TSR_COMPONENT_SLOT_ENDPOINT,
						TSR_COMPONENT_SLOT_UNTYPED,
						0,
						SLOTS,
						~0UL};
	return targets[below(sizeof(targets) / sizeof(targets[0]))];
}

static void random_call(void)
{
	struct tsr_msg m;
	unsigned long nr = below(4) ? TSR_SYS_INVOKE : below(TSR_SYS_COUNT + 1);
	message(&m);
	if (calls >= fuzz_trace)
		tsr_printf("fuzz: call %lu: system call %lu, info %lx\n", calls, nr, m.info);
	switch (nr) {
	case TSR_SYS_INVOKE:
		random_invoke();
		return;
	case TSR_SYS_EXIT:
	case TSR_SYS_DEBUG_SHUTDOWN: /* would end the test, not find a bug */
		result(tsr_null());
		return;
	case TSR_SYS_COUNT: /* unknown: a fault message to the server, which answers */
		result(tsr_syscall2((long)(TSR_SYS_COUNT + below(1000)), (long)number(),
				    (long)number()));
		return;
	case TSR_SYS_DEBUG_WRITE: /* text that is valid goes to the console: rarely, short */
		if (below(256))
			result(
			    tsr_syscall2(nr, (long)bad_address(), (long)(below(2) ? number() : 0)));
		else
			result(tsr_syscall2(nr, (long)"~", 1));
		return;
	case TSR_SYS_DEBUG_READ:
		result(tsr_syscall2(nr, (long)writable_address(),
				    (long)(below(2) ? below(PAGE + 2) : number())));
		return;
	case TSR_SYS_SEND:
	case TSR_SYS_CALL:
		m.x0 = (long)(below(2) ? send_target() : TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER));
		if (m.x0 == 0) /* it may have put an endpoint there */
			result(tsr_cnode_delete(TSR_COMPONENT_SLOT_CNODE, 0));
		tsr_ipc(nr, &m);
		result(m.x0);
		return;
	case TSR_SYS_RECV:
	case TSR_SYS_REPLY_RECV:
		unblock();
		m.x0 = (long)cap();
		tsr_ipc(nr, &m);
		result(m.x0);
		return;
	case TSR_SYS_WAIT: {
		unsigned long n = cap();
		if (tsr_signal(n) < 0 && n < SLOTS && n != TSR_COMPONENT_SLOT_TCB)
			n = SLOTS + below(8); /* it may be a notification it cannot signal */
		result(tsr_wait(n));
		return;
	}
	case TSR_SYS_SIGNAL:
	case TSR_SYS_POLL:
		result(tsr_notification_call(nr, cap()));
		return;
	default: /* NULL, YIELD, NBSEND, NBRECV, REPLY, WAIT_PERIOD */
		m.x0 = (long)cap();
		tsr_ipc(nr, &m);
		result(m.x0);
		return;
	}
}

/* The type a capability has, probed with a method of each type that changes nothing
 * whatever the capability: TSR_OBJ_NULL for an empty slot or a type with no methods. */
static unsigned probe(unsigned long slot, unsigned long *pa)
{
	static const struct {
		unsigned type;
		unsigned long method, a0, a1;
	} probes[] = {
	    {TSR_OBJ_UNTYPED, TSR_UNTYPED_RETYPE, 999, 0},
	    {TSR_OBJ_CNODE, TSR_CNODE_DELETE, 1UL << 40, 0},
	    {TSR_OBJ_TCB, TSR_TCB_READ_REGISTER, 999, 0},
	    {TSR_OBJ_PAGE_TABLE, TSR_PAGE_TABLE_MAP, 1UL << 40, 0},
	    {TSR_OBJ_FRAME, TSR_FRAME_ADDRESS, 0, 0},
	    {TSR_OBJ_SCHED_CONTROL, TSR_SCHED_CONTROL_CONFIGURE, 1UL << 40, 0},
	    {TSR_OBJ_IRQ_CONTROL, TSR_IRQ_CONTROL_GET, 1UL << 40, 0},
	    {TSR_OBJ_IRQ_HANDLER, TSR_IRQ_HANDLER_SET_NOTIFICATION, 1UL << 40, 0},
	    {TSR_OBJ_VCPU, TSR_VCPU_INJECT_IRQ, 1UL << 40, 0},
	};
	for (unsigned i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		long r =
		    tsr_invoke(slot, probes[i].method, probes[i].a0, probes[i].a1, 0, 0, 0, pa);
		if (r == -TSR_EEMPTY)
			return TSR_OBJ_NULL;
		if (r != -TSR_ECAPTYPE)
			return probes[i].type;
	}
	return TSR_OBJ_NULL;
}

/* After a batch: every frame it holds is memory of its own untyped; its fixed
 * capabilities are where they were; then, with its untyped revoked, nothing it made is
 * left and nothing it was not given has appeared. */
static void check(void)
{
	unsigned long pa = 0, word;
	for (unsigned long s = 0; s < SLOTS; s++) {
		unsigned type = probe(s, &pa);
		if (type == TSR_OBJ_FRAME && (pa < ut_base || pa >= ut_base + ut_size))
			problem("a frame outside its untyped", s, pa);
		if (type == TSR_OBJ_SCHED_CONTROL || type == TSR_OBJ_IRQ_CONTROL)
			problem("a control capability it was never given", s, type);
	}
	if (probe(TSR_COMPONENT_SLOT_TCB, &pa) != TSR_OBJ_TCB ||
	    probe(TSR_COMPONENT_SLOT_CNODE, &pa) != TSR_OBJ_CNODE ||
	    probe(TSR_COMPONENT_SLOT_UNTYPED, &pa) != TSR_OBJ_UNTYPED ||
	    probe(TSR_COMPONENT_CHANNEL_SLOT(CH_IRQ), &pa) != TSR_OBJ_IRQ_HANDLER)
		problem("a fixed capability lost", 0, 0);
	/* Its scheduling context is the root manager's: no slot takes it off its budget. */
	for (unsigned long s = 0; s <= SLOTS; s++)
		if (tsr_tcb_unbind_sc(TSR_COMPONENT_SLOT_TCB, s) >= 0)
			problem("its budget left it", s, 0);
	/* The server answers. */
	unsigned long info = TSR_MSG(0, 1), w[4] = {calls, 0, 0, 0};
	if (tsr_call_short(TSR_COMPONENT_CHANNEL_SLOT(CH_SERVER), &info, w) < 0 ||
	    w[0] != calls + 1)
		problem("the server's answer", w[0], calls + 1);
	if (tsr_cnode_revoke(TSR_COMPONENT_SLOT_CNODE, TSR_COMPONENT_SLOT_UNTYPED) < 0)
		problem("revoking its untyped", 0, 0);
	for (unsigned long s = 0; s < SLOTS; s++) {
		unsigned type = probe(s, &pa);
		int made = type == TSR_OBJ_FRAME || type == TSR_OBJ_PAGE_TABLE ||
			   type == TSR_OBJ_VCPU || (type == TSR_OBJ_UNTYPED && s != 6);
		if (made)
			problem("an object left after its untyped was revoked", s, type);
		if (type == TSR_OBJ_TCB && tsr_tcb_read_register(s, 0, &word) != -TSR_ESTATE)
			problem("a thread left after its untyped was revoked", s, 0);
	}
}

/* Where its untyped lies: the first frame of an empty untyped is at its base. */
static void find_untyped(void)
{
	unsigned long slot = 64;
	ut_size = 0;
	for (unsigned bits = 12; bits < 40; bits++)
		if (tsr_untyped_retype(TSR_COMPONENT_SLOT_UNTYPED, TSR_OBJ_UNTYPED, bits,
				       TSR_COMPONENT_SLOT_CNODE, slot, 1) == 0) {
			ut_size = 1UL << bits;
			tsr_cnode_revoke(TSR_COMPONENT_SLOT_CNODE, TSR_COMPONENT_SLOT_UNTYPED);
		}
	if (!ut_size ||
	    tsr_untyped_retype(TSR_COMPONENT_SLOT_UNTYPED, TSR_OBJ_FRAME, 0,
			       TSR_COMPONENT_SLOT_CNODE, slot, 1) ||
	    tsr_frame_address(slot, &ut_base))
		problem("no untyped memory to fuzz with", ut_size, 0);
	tsr_cnode_revoke(TSR_COMPONENT_SLOT_CNODE, TSR_COMPONENT_SLOT_UNTYPED);
}

void init(void)
{
	state = fuzz_seed * 0x9e3779b97f4a7c15UL + 1;
	find_untyped();
	tsr_printf("fuzz: seed %lu, %lu calls in batches of %lu, untyped %lu K at %lx\n", fuzz_seed,
		   fuzz_calls, fuzz_batch, ut_size >> 10, ut_base);
	unsigned long start = tsr_counter(), next_report = 0, batches = 0;
	while (calls < fuzz_calls) {
		unsigned long end = calls + fuzz_batch;
		while (calls < end)
			random_call();
		check();
		batches++;
		if (calls >= next_report) {
			unsigned long ms = (tsr_counter() - start) / (tsr_counter_hz() / 1000);
			tsr_printf("fuzz: %lu calls, %lu ms, %lu succeeded, %lu problems\n", calls,
				   ms, ok, problems);
			next_report += fuzz_calls / 10 ? fuzz_calls / 10 : 1;
		}
	}
	unsigned long ms = (tsr_counter() - start) / (tsr_counter_hz() / 1000);
	tsr_printf("fuzz: done: %lu calls in %lu batches, %lu ms (%lu calls/s), %lu succeeded\n",
		   calls, batches, ms, ms ? calls * 1000 / ms : 0, ok);
	tsr_printf("fuzz: errors:");
	for (unsigned e = 1; e < TSR_ERROR_COUNT; e++)
		tsr_printf(" %lu", errors[e]);
	tsr_printf(" (by code 1..%u)\n", TSR_ERROR_COUNT - 1);
	tsr_printf("fuzz: methods that never succeeded:");
	for (unsigned m = 1; m < TSR_METHOD_COUNT; m++)
		if (!method_ok[m])
			tsr_printf(" %u", m);
	tsr_printf("\n");
	tsr_printf("fuzz: %lu problems\n", problems);
	tsr_notify(CH_VICTIM);
}
