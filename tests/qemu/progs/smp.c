/* SPDX-License-Identifier: BSD-2-Clause */
/* Several CPUs: affinity, cross-core IPC and signal storms, migration in IPC, remote
 * suspend, resume and deletion. Runs with -smp 4 (qemu.smp), and at -smp 1 it checks
 * that affinity beyond CPU 0 is refused. */
#include "utest.h"
#include <stdbool.h>
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>

/*
 * Parallelism is seen, not assumed: a thread spinning at a priority above the root on
 * another CPU leaves the root running. Every call in the storms carries (client,
 * sequence) and is checked on both sides, so a lost, doubled or misdelivered message
 * is a failure; the server moves between CPUs while the calls go on.
 */
#define CLIENTS 6
#define CALLS 3000
#define PINGS 3000
#define PRIO 100
#define TOP_PRIO 200
#define BADGE0 0x100UL
#define SHARED 0x20000000UL
#define REQUEST TSR_MSGINFO(0x5a, TSR_MSG_SHORT, 3, 0)
#define ANSWER TSR_MSGINFO(0xa5, TSR_MSG_SHORT, 3, 0)

struct shared {
	unsigned long ep, badged[CLIENTS], ping, pong, victim_ep;
	unsigned long count[CLIENTS], server_errors;
	unsigned long replies[CLIENTS], client_errors[CLIENTS], done[CLIENTS], finished;
	unsigned long server_tcb, mover_tcb, moves, move_errors;
	unsigned long pings_seen, pongs_seen, ping_errors, ping_done;
	unsigned long spins, spins2, victim_started, victim_result, victim_woken;
};
#define S ((volatile struct shared *)SHARED)

static void server(unsigned long arg)
{
	(void)arg;
	volatile struct shared *s = S;
	unsigned long next[CLIENTS] = {0};
	struct tsr_msg m = {0};
	long x = tsr_recv(s->ep, &m);
	for (;;) {
		unsigned long id = (unsigned long)x - BADGE0;
		if (x < 0 || id >= CLIENTS || m.info != REQUEST || m.w[0] != id ||
		    m.w[1] != next[id] || m.w[2] != (id ^ m.w[1]) * 31) {
			s->server_errors++;
		} else {
			s->count[id]++;
			next[id]++;
		}
		m.info = ANSWER;
		m.w[0] = ~m.w[1];
		m.w[2] = (unsigned long)x;
		x = tsr_reply_recv(s->ep, &m);
	}
}

/* Client 0 moves the server between CPUs 1 and 3 every MOVE_EVERY calls, whatever it
 * is doing then (receiving, or running an answer); client 5 moves itself among CPUs
 * 0, 2 and 3 likewise. */
#define MOVE_EVERY 25

static void client(unsigned long id)
{
	volatile struct shared *s = S;
	for (unsigned long seq = 0; seq < CALLS; seq++) {
		if (seq % MOVE_EVERY == 0 && (id == 0 || id == CLIENTS - 1)) {
			unsigned long n = seq / MOVE_EVERY;
			long e = id == 0
				     ? tsr_tcb_set_affinity(s->server_tcb, n % 2 ? 1 : 3)
				     : tsr_tcb_set_affinity(s->mover_tcb, (n % 3) ? n % 3 + 1 : 0);
			if (e)
				s->move_errors++;
			s->moves++;
		}
		struct tsr_msg m = {.info = REQUEST, .w = {id, seq, (id ^ seq) * 31}};
		long x = tsr_call(s->badged[id], &m);
		if (x == 0 && m.info == ANSWER && m.w[0] == ~seq && m.w[2] == BADGE0 + id)
			s->replies[id]++;
		else
			s->client_errors[id]++;
	}
	s->done[id] = 1;
	tsr_signal(s->finished);
}

/* Signal storm: ping and pong on two notifications, each signal answered once. */
static void pinger(unsigned long arg)
{
	(void)arg;
	volatile struct shared *s = S;
	for (unsigned long i = 0; i < PINGS; i++) {
		tsr_signal(s->ping);
		if (tsr_wait(s->pong) != 1)
			s->ping_errors++;
		s->pongs_seen++;
	}
	s->ping_done = 1;
	tsr_signal(s->finished);
}

static void ponger(unsigned long arg)
{
	(void)arg;
	volatile struct shared *s = S;
	for (;;) {
		if (tsr_wait(s->ping) != 1)
			s->ping_errors++;
		s->pings_seen++;
		tsr_signal(s->pong);
	}
}

static void spinner(unsigned long arg)
{
	volatile unsigned long *counter = arg ? &S->spins2 : &S->spins;
	for (;;)
		(*counter)++;
}

/* Blocked on an endpoint that is deleted under it. */
static void victim(unsigned long arg)
{
	(void)arg;
	struct tsr_msg m = {0};
	S->victim_started = 1;
	S->victim_result = (unsigned long)tsr_recv(S->victim_ep, &m);
	S->victim_woken = 1;
	for (;;)
		tsr_yield();
}

static struct tsr_root r;

static bool clients_done(void)
{
	for (int i = 0; i < CLIENTS; i++)
		if (!S->done[i])
			return false;
	return true;
}

/* Waits (yielding) up to `ms` for *p to change from `old`; true if it did.
 * With several CPUs QEMU's one host thread runs them in turns of up to 100 ms of host
 * time (-accel tcg,thread=single, docs/testing.md): a thread on another CPU may start
 * that late. So what must happen is waited for up to SEEN_MS, and what must not
 * happen is watched for STILL_MS, several turns, so that the other CPU surely ran. */
#define SEEN_MS 3000
#define STILL_MS 300
static bool moves(volatile unsigned long *p, unsigned long old, unsigned long ms)
{
	unsigned long end = tsr_counter() + ms * tsr_counter_hz() / 1000;
	while (*p == old && tsr_counter() < end)
		tsr_yield();
	return *p != old;
}

static unsigned count_cpus(tsr_cap tcb)
{
	unsigned n = 1;
	while (n < 64 && tsr_tcb_set_affinity(tcb, n) == 0)
		n++;
	CHECK_EQ(tsr_tcb_set_affinity(tcb, n), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_set_affinity(tcb, ~0UL), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_set_affinity(tcb, 0), 0);
	return n;
}

int main(void)
{
	const struct tsr_bootinfo *info = (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR;
	volatile struct shared *s = S;
	struct tsr_component srv, cl[CLIENTS], pi, po, sp, sp2, vi;

	CHECK_EQ(info->magic, TSR_BOOTINFO_MAGIC);
	tsr_root_init(&r, info);
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, TOP_PRIO), 0);
	long page = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED, TSR_R | TSR_W);
	CHECK_EQ(page > 0, 1);

	/* Affinity: a thing of TCBs only, and only the CPUs there are. */
	CHECK_EQ(tsr_root_spawn(&r, &sp, spinner, 0, TOP_PRIO + 1), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, sp.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_set_affinity(sp.vspace, 0), -TSR_ECAPTYPE);
	unsigned cpus = count_cpus(sp.tcb);
	tsr_printf("smp: %u CPUs\n", cpus);
	if (cpus < 4) {
		tsr_printf("smp: fewer than 4 CPUs, only the refusals checked\n");
		utest_finish();
	}

	/* A spinner above the root on CPU 2: the root still runs, and sees it run. */
	CHECK_EQ(tsr_tcb_set_affinity(sp.tcb, 2), 0);
	CHECK_EQ(tsr_tcb_resume(sp.tcb), 0);
	CHECK_EQ(moves(&s->spins, 0, SEEN_MS), 1);
	tsr_printf("smp: a thread above the root spins on CPU 2, the root runs on CPU 0\n");

	/* Remote suspend and resume of a running thread: it stops, then goes on. */
	CHECK_EQ(tsr_tcb_suspend(sp.tcb), 0);
	unsigned long frozen = s->spins;
	CHECK_EQ(moves(&s->spins, frozen, STILL_MS), 0);
	CHECK_EQ(tsr_tcb_resume(sp.tcb), 0);
	CHECK_EQ(moves(&s->spins, frozen, SEEN_MS), 1);
	/* Moved while it runs, to CPU 3 and back to 2. */
	CHECK_EQ(tsr_tcb_set_affinity(sp.tcb, 3), 0);
	CHECK_EQ(moves(&s->spins, s->spins, SEEN_MS), 1);
	CHECK_EQ(tsr_tcb_set_affinity(sp.tcb, 2), 0);
	CHECK_EQ(moves(&s->spins, s->spins, SEEN_MS), 1);
	/* A remote priority change: still running there. */
	CHECK_EQ(tsr_tcb_set_priority(sp.tcb, TSR_SLOT_TCB, TOP_PRIO - 1), 0);
	CHECK_EQ(moves(&s->spins, s->spins, SEEN_MS), 1);
	tsr_printf("smp: remote suspend, resume, move and priority: ok\n");

	/* Cross-core call storm: the server on CPU 1, two clients on each of CPUs 1, 2
	 * and 3, the server and a client moved while they call. The root waits (blocked,
	 * so that no CPU spins: QEMU's CPUs share the host's). */
	CHECK_EQ(tsr_tcb_suspend(sp.tcb), 0);
	long finished = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	CHECK_EQ(finished > 0, 1);
	s->finished = (unsigned long)finished;
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	CHECK_EQ(ep > 0, 1);
	s->ep = (unsigned long)ep;
	long badged = tsr_root_badged(&r, (tsr_cap)ep, BADGE0, CLIENTS);
	CHECK_EQ(badged > 0, 1);
	for (unsigned long i = 0; i < CLIENTS; i++)
		s->badged[i] = (unsigned long)badged + i;
	CHECK_EQ(tsr_root_spawn(&r, &srv, server, 0, PRIO + 1), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, srv.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_set_affinity(srv.tcb, 1), 0);
	CHECK_EQ(tsr_tcb_resume(srv.tcb), 0);
	s->server_tcb = srv.tcb;
	static const unsigned client_cpu[CLIENTS] = {1, 1, 2, 2, 3, 3};
	for (unsigned long i = 0; i < CLIENTS; i++) {
		CHECK_EQ(tsr_root_spawn(&r, &cl[i], client, i, PRIO), 0);
		CHECK_EQ(tsr_root_map_copy(&r, page, cl[i].vspace, SHARED, TSR_R | TSR_W) > 0, 1);
		CHECK_EQ(tsr_tcb_set_affinity(cl[i].tcb, client_cpu[i]), 0);
	}
	s->mover_tcb = cl[CLIENTS - 1].tcb;
	for (unsigned long i = 0; i < CLIENTS; i++)
		CHECK_EQ(tsr_tcb_resume(cl[i].tcb), 0);
	while (!clients_done()) /* each client signals when it is done */
		tsr_wait(s->finished);
	unsigned long moved = s->moves;
	CHECK_EQ(s->move_errors, 0);
	unsigned long replies = 0, calls = 0, errors = s->server_errors;
	for (int i = 0; i < CLIENTS; i++) {
		replies += s->replies[i];
		calls += s->count[i];
		errors += s->client_errors[i];
	}
	CHECK_EQ(calls, CLIENTS * CALLS);
	CHECK_EQ(replies, CLIENTS * CALLS);
	CHECK_EQ(errors, 0);
	CHECK_EQ(moved, 2 * CALLS / MOVE_EVERY);
	tsr_printf("smp: %lu cross-core calls, every one answered once, the server and a "
		   "client moved %lu times\n",
		   replies, moved);

	/* Signal storm between CPUs 1 and 3. */
	long ping = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0),
	     pong = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
	CHECK_EQ(ping > 0 && pong > 0, 1);
	s->ping = (unsigned long)ping;
	s->pong = (unsigned long)pong;
	CHECK_EQ(tsr_root_spawn(&r, &po, ponger, 0, PRIO), 0);
	CHECK_EQ(tsr_root_spawn(&r, &pi, pinger, 0, PRIO), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, po.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_root_map_copy(&r, page, pi.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_set_affinity(po.tcb, 1), 0);
	CHECK_EQ(tsr_tcb_set_affinity(pi.tcb, 3), 0);
	CHECK_EQ(tsr_tcb_resume(po.tcb), 0);
	CHECK_EQ(tsr_tcb_resume(pi.tcb), 0);
	while (!s->ping_done)
		tsr_wait(s->finished);
	CHECK_EQ(s->ping_done, 1);
	CHECK_EQ(s->pings_seen, PINGS);
	CHECK_EQ(s->pongs_seen, PINGS);
	CHECK_EQ(s->ping_errors, 0);
	tsr_printf("smp: %lu signals each way between CPUs 1 and 3, every one seen once\n",
		   (unsigned long)s->pongs_seen);

	/* Deletion of objects in use on other CPUs: an endpoint a thread on CPU 3 waits
	 * on, and the TCB of a thread running on CPU 2. */
	long vep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	CHECK_EQ(vep > 0, 1);
	s->victim_ep = (unsigned long)vep;
	CHECK_EQ(tsr_root_spawn(&r, &vi, victim, 0, PRIO), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, vi.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_set_affinity(vi.tcb, 3), 0);
	CHECK_EQ(tsr_tcb_resume(vi.tcb), 0);
	CHECK_EQ(moves(&s->victim_started, 0, SEEN_MS), 1);
	moves(&s->victim_woken, 0, STILL_MS); /* it blocks in RECV meanwhile */
	CHECK_EQ(s->victim_woken, 0);
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, (unsigned long)vep), 0);
	CHECK_EQ(moves(&s->victim_woken, 0, SEEN_MS), 1);
	CHECK_EQ((long)s->victim_result, -TSR_EPEER);
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, sp.tcb), 0);
	frozen = s->spins;
	CHECK_EQ(moves(&s->spins, frozen, STILL_MS), 0);
	/* The CPU it ran on serves others: a new spinner there runs. */
	CHECK_EQ(tsr_root_spawn(&r, &sp2, spinner, 1, TOP_PRIO + 1), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, sp2.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_set_affinity(sp2.tcb, 2), 0);
	CHECK_EQ(tsr_tcb_resume(sp2.tcb), 0);
	CHECK_EQ(moves(&s->spins2, 0, SEEN_MS), 1);
	/* Its address space deleted under it: it runs there no more (its next fetch
	 * faults, and without a fault endpoint it is stopped). */
	CHECK_EQ(tsr_cnode_revoke(TSR_SLOT_CNODE, sp2.vspace), 0);
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, sp2.vspace), 0);
	moves(&s->spins2, 0, STILL_MS);
	frozen = s->spins2;
	CHECK_EQ(moves(&s->spins2, frozen, STILL_MS), 0);
	CHECK_EQ(tsr_tcb_suspend(sp2.tcb), 0);
	tsr_printf("smp: objects deleted while in use on other CPUs: ok\n");
	utest_finish();
}
