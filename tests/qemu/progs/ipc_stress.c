/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC stress: many clients call one server; every call must be answered exactly once. */
#include "utest.h"
#include <stdbool.h>
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>

/*
 * CLIENTS threads, each in its own address space with its own badged capability to
 * one endpoint, make CALLS calls per round carrying (client id, sequence number) and
 * four words derived from them; one server answers with a function of them and counts
 * the calls per badge, checking that each client's sequence numbers arrive in order
 * with none missing or repeated. Four rounds: the server above the clients; level
 * with them, one client at a time (a pair alone at its priority: the fast path's
 * case); level with all of them at once; below them (queues of waiting callers).
 * The root runs below everyone and looks only when all are blocked.
 */
#define CLIENTS 8
#define CALLS 2000 /* per client and round */
#define ROUNDS 4
#define CHAIN_ROUND 1 /* each client starts the next when it has finished */
#define PRIO 100
#define ROOT_PRIO (PRIO - 2)
#define TOP_PRIO (PRIO + 5)
#define BADGE0 0x100UL
#define SHARED 0x20000000UL
#define REQUEST TSR_MSGINFO(0x5a, TSR_MSG_SHORT, 6, 0)
#define ANSWER TSR_MSGINFO(0xa5, TSR_MSG_SHORT, 6, 0)

struct stress {
	unsigned long ep;		/* the server's capability */
	unsigned long badged[CLIENTS];	/* each client's */
	unsigned long go[CLIENTS];	/* notifications: start the next round */
	unsigned long count[CLIENTS];	/* calls the server took, per badge */
	unsigned long server_errors;	/* calls that were not the expected next one */
	unsigned long replies[CLIENTS]; /* correct answers each client got */
	unsigned long client_errors[CLIENTS];
	unsigned long first_error[CLIENTS]; /* 1 + the sequence number of the first */
	unsigned long round_done[CLIENTS];
};
#define S ((volatile struct stress *)SHARED)

static inline unsigned long request_word(unsigned long id, unsigned long seq, unsigned long k)
{
	return (id << 56) ^ (seq * 0x9e3779b97f4a7c15UL) ^ (k * 0x0101010101010101UL);
}

static inline unsigned long answer_word(unsigned long id, unsigned long seq, unsigned long k)
{
	return ~request_word(id, seq, k) + id * 3 + seq * 7;
}

static void server(unsigned long arg)
{
	(void)arg;
	volatile struct stress *s = S;
	unsigned long ep = s->ep, next[CLIENTS];
	for (int i = 0; i < CLIENTS; i++)
		next[i] = 0;
	struct tsr_msg m = {0};
	long x = tsr_recv(ep, &m);
	for (;;) {
		if (x < 0) {
			s->server_errors++;
			x = tsr_recv(ep, &m);
			continue;
		}
		unsigned long id = (unsigned long)x - BADGE0, seq = m.w[1];
		bool ok = id < CLIENTS && m.info == REQUEST && m.w[0] == id && seq == next[id];
		for (unsigned long k = 2; k < 6; k++)
			ok = ok && m.w[k] == request_word(id, seq, k);
		if (!ok)
			s->server_errors++;
		if (id < CLIENTS) {
			s->count[id]++;
			next[id] = seq + 1;
		}
		m.info = ANSWER;
		m.w[0] = answer_word(id, seq, 0);
		m.w[1] = ~seq;
		m.w[2] = (unsigned long)x;
		for (unsigned long k = 3; k < 6; k++)
			m.w[k] = answer_word(id, seq, k);
		x = tsr_reply_recv(ep, &m);
	}
}

static void client(unsigned long id)
{
	volatile struct stress *s = S;
	unsigned long ep = s->badged[id], go = s->go[id];
	for (unsigned long round = 0; round < ROUNDS; round++) {
		if (round)
			tsr_wait(go);
		for (unsigned long i = 0; i < CALLS; i++) {
			unsigned long seq = round * CALLS + i;
			struct tsr_msg m = {.info = REQUEST, .w = {id, seq}};
			for (unsigned long k = 2; k < 6; k++)
				m.w[k] = request_word(id, seq, k);
			long x = tsr_call(ep, &m);
			bool ok = x == 0 && m.info == ANSWER && m.w[0] == answer_word(id, seq, 0) &&
				  m.w[1] == ~seq && m.w[2] == BADGE0 + id;
			for (unsigned long k = 3; k < 6; k++)
				ok = ok && m.w[k] == answer_word(id, seq, k);
			if (ok) {
				s->replies[id]++;
			} else {
				if (!s->client_errors[id])
					s->first_error[id] = seq + 1;
				s->client_errors[id]++;
			}
		}
		s->round_done[id] = round + 1;
		if (round == CHAIN_ROUND && id + 1 < CLIENTS)
			tsr_signal(s->go[id + 1]);
	}
}

static struct tsr_root r;

static bool all_done(unsigned long round)
{
	for (int i = 0; i < CLIENTS; i++)
		if (S->round_done[i] < round)
			return false;
	return true;
}

static void set_root_priority(unsigned long prio)
{
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, prio), 0);
}

int main(void)
{
	static const char *const what[ROUNDS] = {
	    "server above the clients", "server level with one client at a time",
	    "server level with all clients", "server below the clients"};
	static const unsigned long server_prio[ROUNDS] = {PRIO + 1, PRIO, PRIO, PRIO - 1};
	const struct tsr_bootinfo *info = (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR;
	volatile struct stress *s = S;
	struct tsr_component srv, cl[CLIENTS];

	CHECK_EQ(info->magic, TSR_BOOTINFO_MAGIC);
	tsr_root_init(&r, info);
	long page = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED, TSR_R | TSR_W);
	CHECK_EQ(page > 0, 1);
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	CHECK_EQ(ep > 0, 1);
	s->ep = (unsigned long)ep;
	long badged = tsr_root_badged(&r, (tsr_cap)ep, BADGE0, CLIENTS);
	CHECK_EQ(badged > 0, 1);
	for (unsigned long i = 0; i < CLIENTS; i++) {
		s->badged[i] = (unsigned long)badged + i;
		long go = tsr_root_make(&r, TSR_OBJ_NOTIFICATION, 0);
		CHECK_EQ(go > 0, 1);
		s->go[i] = (unsigned long)go;
	}

	/* Everyone is made while the root is on top, then starts at once when it steps down. */
	set_root_priority(TOP_PRIO);
	CHECK_EQ(tsr_root_spawn(&r, &srv, server, 0, server_prio[0]), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, srv.vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	for (unsigned long i = 0; i < CLIENTS; i++) {
		CHECK_EQ(tsr_root_spawn(&r, &cl[i], client, i, PRIO), 0);
		CHECK_EQ(tsr_root_map_copy(&r, page, cl[i].vspace, SHARED, TSR_R | TSR_W) > 0, 1);
	}
	CHECK_EQ(tsr_tcb_resume(srv.tcb), 0);
	for (int i = 0; i < CLIENTS; i++)
		CHECK_EQ(tsr_tcb_resume(cl[i].tcb), 0);

	unsigned long freq = tsr_counter_hz();
	for (unsigned long round = 0; round < ROUNDS; round++) {
		unsigned long t0 = tsr_counter(), end = t0 + 30 * freq;
		if (round) {
			/* All are blocked: the server in RECV, the clients in WAIT. */
			set_root_priority(TOP_PRIO);
			CHECK_EQ(tsr_tcb_set_priority(srv.tcb, TSR_SLOT_TCB, server_prio[round]),
				 0);
			for (int i = 0; i < (round == CHAIN_ROUND ? 1 : CLIENTS); i++)
				CHECK_EQ(tsr_signal(s->go[i]), 0);
		}
		set_root_priority(ROOT_PRIO); /* we run again when everyone is blocked */
		while (!all_done(round + 1) && tsr_counter() < end)
			tsr_yield();
		unsigned long t1 = tsr_counter();
		CHECK_EQ(all_done(round + 1), 1);
		unsigned long calls = 0;
		for (int i = 0; i < CLIENTS; i++)
			calls += s->count[i];
		CHECK_EQ(calls, (round + 1) * CLIENTS * CALLS);
		tsr_printf("stress: round %lu, %s: %lu calls in %lu ms\n", round + 1, what[round],
			   calls - round * CLIENTS * CALLS, (t1 - t0) * 1000 / freq);
	}

	unsigned long total = 0;
	bool exact = true;
	for (int i = 0; i < CLIENTS; i++) {
		total += s->count[i];
		exact = exact && s->count[i] == ROUNDS * CALLS && s->replies[i] == ROUNDS * CALLS &&
			!s->client_errors[i];
		CHECK_EQ(s->count[i], ROUNDS * CALLS);
		CHECK_EQ(s->replies[i], ROUNDS * CALLS);
		CHECK_EQ(s->client_errors[i], 0);
		if (s->client_errors[i])
			tsr_printf("stress: client %d: first wrong answer at call %lu\n", i,
				   s->first_error[i] - 1);
	}
	CHECK_EQ(s->server_errors, 0);
	exact = exact && !s->server_errors;
	if (exact)
		tsr_printf("stress: %lu calls from %d clients, each answered once\n", total,
			   CLIENTS);
	else
		tsr_printf("stress: %lu calls from %d clients, %lu unexpected by the server\n",
			   total, CLIENTS, s->server_errors);
	utest_finish();
}
