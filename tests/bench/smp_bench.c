/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmarks on four CPUs: cross-core IPC and signals, and IPC pairs side by side. */
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>
#include <tessera/user.h>

/*
 * Under -icount shift=0 QEMU runs the CPUs in turn, and each CPU's PMU counts the
 * instructions all of them retire: a figure across cores (ipc_roundtrip_xcore,
 * ipi_wakeup) is what both cores executed on the way, averaged over ROUNDS, read on the
 * root's CPU (not the counter: virtual time follows the host while every CPU idles); a
 * figure on one core (notify_xcore, smp_pairs_N) is counted while only that core runs.
 * Nothing
 * here spins (a spinning CPU would keep the others waiting for QEMU's next turn):
 * every wait blocks in the kernel.
 */
#define ROUNDS 256
#define WARM 16
#define PRIO 200
#define SHARED 0x30000000UL
#define PAIRS_MAX 4

struct shared {
	unsigned long a, b, c, d, go, done; /* notifications */
	unsigned long ep[PAIRS_MAX];
	unsigned long per_call[PAIRS_MAX]; /* a pair's client: instructions per round trip */
	unsigned long warm[PAIRS_MAX], finished[PAIRS_MAX];
};
#define S ((volatile struct shared *)SHARED)

static struct tsr_root r;
static long shared_page;

static void report(const char *name, unsigned long n, const char *what)
{
	tsr_printf("BENCH %s %lu %s\n", name, n, what);
}

static void fail(int code) { tsr_debug_shutdown(code); }

static void echo_server(unsigned long ep)
{
	struct tsr_msg m = {0};
	tsr_recv(ep, &m);
	for (;;)
		tsr_reply_recv(ep, &m);
}

/* Woken by signal a: at once d back to the root, then c for the helper. */
static void waiter(unsigned long arg)
{
	(void)arg;
	volatile struct shared *s = S;
	for (;;) {
		tsr_wait(s->a);
		tsr_signal(s->d);
		tsr_signal(s->c);
	}
}

/* Below the waiter on its CPU: runs only once the waiter is blocked again, and says so. */
static void helper(unsigned long arg)
{
	(void)arg;
	volatile struct shared *s = S;
	for (;;) {
		tsr_signal(s->b);
		tsr_wait(s->c);
	}
}

/* A pair's client: ROUNDS short calls to its server on the same CPU, counted by its
 * CPU's PMU, once every pair has started. */
static void pair_client(unsigned long i)
{
	volatile struct shared *s = S;
	unsigned long w[4] = {1, 2, 3, 4}, info;
	for (int k = 0; k < WARM; k++) {
		info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0);
		tsr_call_short(s->ep[i], &info, w);
	}
	s->warm[i] = 1;
	tsr_signal(s->done);
	tsr_wait(s->go);
	unsigned long t0 = tsr_instructions();
	for (int k = 0; k < ROUNDS; k++) {
		info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0);
		tsr_call_short(s->ep[i], &info, w);
	}
	s->per_call[i] = (tsr_instructions() - t0) / ROUNDS;
	s->finished[i] = 1;
	tsr_signal(s->done);
	for (;;)
		tsr_wait(s->go);
}

static long spawn(void (*fn)(unsigned long), unsigned long arg, unsigned long prio, unsigned cpu)
{
	struct tsr_component c;
	if (tsr_root_spawn(&r, &c, fn, arg, prio) ||
	    tsr_root_map_copy(&r, shared_page, c.vspace, SHARED, TSR_R | TSR_W) < 0 ||
	    tsr_tcb_set_affinity(c.tcb, cpu) || tsr_tcb_resume(c.tcb))
		fail(3);
	return c.tcb;
}

static long make(unsigned long type)
{
	long c = tsr_root_make(&r, type, 0);
	if (c < 0)
		fail(4);
	return c;
}

static void xcore_roundtrip(void)
{
	long ep = make(TSR_OBJ_ENDPOINT);
	spawn(echo_server, (unsigned long)ep, PRIO + 1, 1);
	unsigned long w[4] = {1, 2, 3, 4}, info;
	for (int k = 0; k < WARM; k++) {
		info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0);
		tsr_call_short((unsigned long)ep, &info, w);
	}
	unsigned long i0 = tsr_instructions();
	for (int k = 0; k < ROUNDS; k++) {
		info = TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0);
		tsr_call_short((unsigned long)ep, &info, w);
	}
	unsigned long i1 = tsr_instructions();
	report("ipc_roundtrip_xcore", (i1 - i0) / ROUNDS,
	       "short call to a server on another CPU and its reply (both CPUs' instructions)");
}

static void xcore_signal(void)
{
	volatile struct shared *s = S;
	s->a = (unsigned long)make(TSR_OBJ_NOTIFICATION);
	s->b = (unsigned long)make(TSR_OBJ_NOTIFICATION);
	s->c = (unsigned long)make(TSR_OBJ_NOTIFICATION);
	s->d = (unsigned long)make(TSR_OBJ_NOTIFICATION);
	spawn(waiter, 0, PRIO, 1);
	spawn(helper, 0, PRIO - 1, 1);
	unsigned long both = 0, cost = ~0UL;
	for (int k = 0; k < WARM + ROUNDS; k++) {
		tsr_wait(s->b); /* the waiter is blocked on a (again) */
		unsigned long i0 = tsr_instructions();
		tsr_signal(s->a);
		unsigned long i1 = tsr_instructions();
		tsr_wait(s->d); /* its answer */
		unsigned long i2 = tsr_instructions();
		if (k >= WARM) {
			both += i2 - i0;
			cost = i1 - i0 < cost ? i1 - i0 : cost;
		}
	}
	report("ipi_wakeup", both / ROUNDS / 2,
	       "signal to a thread waiting on another CPU, to its first instruction: half a "
	       "signal round trip between two CPUs (both CPUs' instructions)");
	report("notify_xcore", cost - tsr_instructions_cost(),
	       "signal that wakes a thread on another CPU: the signalling CPU's instructions "
	       "(the SGI sent)");
}

static int all(volatile unsigned long *flags, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!flags[i])
			return 0;
	return 1;
}

/* n pairs, pair i on CPU i; the figure: the slowest pair's instructions per call. */
static void pairs(unsigned n)
{
	volatile struct shared *s = S;
	long go = make(TSR_OBJ_NOTIFICATION), done = make(TSR_OBJ_NOTIFICATION);
	s->go = (unsigned long)go;
	s->done = (unsigned long)done;
	for (unsigned i = 0; i < n; i++) {
		s->ep[i] = (unsigned long)make(TSR_OBJ_ENDPOINT);
		s->finished[i] = s->warm[i] = 0;
		spawn(echo_server, s->ep[i], PRIO, i);
	}
	for (unsigned i = 0; i < n; i++)
		spawn(pair_client, i, PRIO, i);
	while (!all(s->warm, n))
		tsr_wait(s->done);
	/* One signal wakes one waiter: each client takes its own; the root above them
	 * meanwhile, so that pair 0 (on its CPU) does not start before the others. */
	if (tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO + 2))
		fail(2);
	for (unsigned i = 0; i < n; i++)
		tsr_signal(s->go);
	if (tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO - 5))
		fail(2);
	while (!all(s->finished, n))
		tsr_wait(s->done);
	unsigned long worst = 0;
	for (unsigned i = 0; i < n; i++)
		worst = s->per_call[i] > worst ? s->per_call[i] : worst;
	static const char *const names[] = {"", "smp_pairs_1", "smp_pairs_2", "", "smp_pairs_4"};
	report(names[n], worst,
	       "client/server pairs, each on its own CPU, all at once: a round trip on the "
	       "slowest (its CPU's instructions)");
}

int main(void)
{
	tsr_root_init(&r, (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR);
	if (tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO + 2))
		fail(2);
	shared_page = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED, TSR_R | TSR_W);
	if (shared_page < 0)
		fail(2);
	xcore_roundtrip();
	xcore_signal();
	/* The root steps below the pairs: it runs only when all wait. */
	if (tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO - 5))
		fail(2);
	pairs(1);
	pairs(2);
	pairs(4);
	tsr_debug_shutdown(0);
}
