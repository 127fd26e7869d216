/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the ready queues (kernel/src/sched.c). */
#include "check.h"
#include <sched.h>
#include <stdint.h>

#define NLINKS 64
static struct runqueue rq;
static struct rq_link links[NLINKS];

static void reset(void)
{
	memset(links, 0xa5, sizeof(links)); /* rq_init must not rely on zeroed memory */
	memset(&rq, 0xa5, sizeof(rq));
	rq_init(&rq);
	for (int i = 0; i < NLINKS; i++)
		links[i] = (struct rq_link){.next = NULL};
}

static struct rq_link *at(int i, unsigned prio)
{
	links[i].prio = (uint8_t)prio;
	return &links[i];
}

/* Every list well formed, every link on the list of its prio, bitmaps exact. */
static int check_structure(void)
{
	int seen = 0, bad = 0;
	uint64_t summary = 0;

	for (unsigned p = 0; p < SCHED_PRIORITIES; p++) {
		struct rq_link *prev = NULL;
		for (struct rq_link *l = rq.head[p]; l; prev = l, l = l->next, seen++)
			bad += l->prev != prev || l->prio != p || !l->queued || seen > NLINKS;
		bad += rq.tail[p] != prev;
		bad += !!(rq.bitmap[p / 64] & (1ULL << (p % 64))) != (rq.head[p] != NULL);
	}
	for (unsigned w = 0; w < SCHED_PRIORITIES / 64; w++)
		summary |= (uint64_t)(rq.bitmap[w] != 0) << w;
	bad += summary != rq.summary;
	for (int i = 0; i < NLINKS; i++)
		seen -= links[i].queued;
	return bad + (seen != 0);
}

/* Pops everything in scheduling order into out[] (as link indices); returns how many. */
static int drain(int *out)
{
	int n = 0;
	struct rq_link *l;

	while ((l = rq_highest(&rq)) != NULL && n < NLINKS) {
		CHECK_EQ_INT(l->prio, rq_highest_prio(&rq));
		rq_dequeue(&rq, l);
		out[n++] = (int)(l - links);
	}
	return n;
}

TEST(empty_queue_has_nothing)
{
	reset();
	CHECK(rq_highest(&rq) == NULL);
	CHECK_EQ_INT(rq_highest_prio(&rq), -1);
	CHECK_EQ_INT(check_structure(), 0);
}

TEST(fifo_within_a_priority)
{
	int out[NLINKS];
	reset();
	for (int i = 0; i < 5; i++)
		rq_enqueue(&rq, at(i, 7));
	CHECK_EQ_INT(check_structure(), 0);
	CHECK_EQ_INT(drain(out), 5);
	for (int i = 0; i < 5; i++)
		CHECK_EQ_INT(out[i], i);
	CHECK_EQ_INT(check_structure(), 0);
	CHECK_EQ_INT(rq_highest_prio(&rq), -1);
}

TEST(highest_wins_at_every_level_and_word_boundary)
{
	static const unsigned edges[] = {0, 1, 62, 63, 64, 65, 127, 128, 191, 192, 254, 255};
	reset();
	/* Alone, each level is found; with a lower one queued as well, still it. */
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++) {
		rq_enqueue(&rq, at(0, p));
		CHECK_EQ_INT(rq_highest_prio(&rq), p);
		CHECK(rq_highest(&rq) == &links[0]);
		if (p > 0) {
			rq_enqueue(&rq, at(1, p - 1));
			CHECK_EQ_INT(rq_highest_prio(&rq), p);
			rq_dequeue(&rq, &links[1]);
		}
		rq_dequeue(&rq, &links[0]);
		CHECK_EQ_INT(rq_highest_prio(&rq), -1);
		CHECK_EQ_INT(check_structure(), 0);
	}
	/* All the edges at once: removing the top each time exposes the next one down. */
	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		rq_enqueue(&rq, at((int)i, edges[i]));
	for (int i = (int)(sizeof(edges) / sizeof(edges[0])) - 1; i >= 0; i--) {
		CHECK_EQ_INT(rq_highest_prio(&rq), edges[i]);
		CHECK(rq_highest(&rq) == &links[i]);
		rq_dequeue(&rq, &links[i]);
		CHECK_EQ_INT(check_structure(), 0);
	}
	CHECK_EQ_INT(rq_highest_prio(&rq), -1);
	CHECK_EQ_U64(rq.summary, 0);
}

TEST(enqueue_head_goes_first)
{
	int out[NLINKS];
	reset();
	rq_enqueue(&rq, at(0, 30));
	rq_enqueue(&rq, at(1, 30));
	rq_enqueue_head(&rq, at(2, 30));
	rq_enqueue_head(&rq, at(3, 31)); /* into an empty level */
	CHECK_EQ_INT(check_structure(), 0);
	CHECK_EQ_INT(drain(out), 4);
	CHECK_EQ_INT(out[0], 3);
	CHECK_EQ_INT(out[1], 2);
	CHECK_EQ_INT(out[2], 0);
	CHECK_EQ_INT(out[3], 1);
}

TEST(dequeue_head_middle_tail_and_only)
{
	int out[NLINKS];
	reset();
	for (int i = 0; i < 5; i++)
		rq_enqueue(&rq, at(i, 100));
	rq_dequeue(&rq, &links[0]); /* head */
	CHECK_EQ_INT(check_structure(), 0);
	rq_dequeue(&rq, &links[2]); /* middle */
	CHECK_EQ_INT(check_structure(), 0);
	rq_dequeue(&rq, &links[4]); /* tail */
	CHECK_EQ_INT(check_structure(), 0);
	CHECK(!links[4].queued && !links[4].next && !links[4].prev);
	CHECK_EQ_INT(drain(out), 2);
	CHECK_EQ_INT(out[0], 1);
	CHECK_EQ_INT(out[1], 3);
	rq_enqueue(&rq, at(9, 200)); /* only element */
	rq_dequeue(&rq, &links[9]);
	CHECK(rq.head[200] == NULL && rq.tail[200] == NULL);
	CHECK_EQ_INT(check_structure(), 0);
}

TEST(dequeue_of_unqueued_link_is_noop)
{
	reset();
	rq_enqueue(&rq, at(0, 5));
	rq_dequeue(&rq, at(1, 5));
	rq_dequeue(&rq, at(2, 6));
	CHECK(rq_highest(&rq) == &links[0]);
	CHECK_EQ_INT(check_structure(), 0);
	rq_dequeue(&rq, &links[0]);
	rq_dequeue(&rq, &links[0]); /* twice */
	CHECK_EQ_INT(rq_highest_prio(&rq), -1);
	CHECK_EQ_INT(check_structure(), 0);
}

TEST(bitmap_clears_when_a_level_empties)
{
	reset();
	rq_enqueue(&rq, at(0, 70));
	rq_enqueue(&rq, at(1, 70));
	rq_enqueue(&rq, at(2, 65));
	rq_dequeue(&rq, &links[0]);
	CHECK_EQ_INT(rq_highest_prio(&rq), 70);
	rq_dequeue(&rq, &links[1]);
	CHECK_EQ_INT(rq_highest_prio(&rq), 65);
	CHECK_EQ_U64(rq.bitmap[1], 1ULL << 1);
	rq_dequeue(&rq, &links[2]);
	CHECK_EQ_U64(rq.bitmap[1], 0);
	CHECK_EQ_U64(rq.summary, 0);
	CHECK_EQ_INT(check_structure(), 0);
}

TEST(re_enqueue_of_queued_link_moves_it)
{
	int out[NLINKS];
	reset();
	for (int i = 0; i < 3; i++)
		rq_enqueue(&rq, at(i, 9));
	rq_enqueue(&rq, &links[0]);	 /* head to tail */
	rq_enqueue(&rq, &links[0]);	 /* tail to tail */
	rq_enqueue_head(&rq, &links[2]); /* tail to head */
	rq_enqueue_head(&rq, &links[2]); /* head to head */
	CHECK_EQ_INT(check_structure(), 0);
	CHECK_EQ_INT(drain(out), 3);
	CHECK_EQ_INT(out[0], 2);
	CHECK_EQ_INT(out[1], 1);
	CHECK_EQ_INT(out[2], 0);
}

/* Reference model: per link, queued, prio and an order key (head inserts go below all). */
static bool m_queued[NLINKS];
static long m_key[NLINKS];
static uint32_t seed = 12345;

static uint32_t lcg(void)
{
	seed = seed * 1664525u + 1013904223u;
	return seed >> 8;
}

/* Each list in the model's order: keys increase from head to tail. */
static int model_order_errors(void)
{
	int bad = 0;
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		for (struct rq_link *l = rq.head[p]; l && l->next; l = l->next)
			bad += m_key[l - links] >= m_key[l->next - links];
	return bad;
}

static int model_highest(void)
{
	int best = -1;
	for (int i = 0; i < NLINKS; i++)
		if (m_queued[i] && (best < 0 || links[i].prio > links[best].prio ||
				    (links[i].prio == links[best].prio && m_key[i] < m_key[best])))
			best = i;
	return best;
}

TEST(randomized_against_a_model)
{
	static const unsigned hot[] = {0, 1, 63, 64, 127, 128, 191, 192, 255};
	long tail_key = 0, head_key = 0;
	int errors = 0;

	reset();
	memset(m_queued, 0, sizeof(m_queued));
	for (int step = 0; step < 20000; step++) {
		int i = (int)(lcg() % NLINKS), op = (int)(lcg() % 8), want;
		if (!m_queued[i]) /* a new prio only while not queued */
			links[i].prio = (uint8_t)(lcg() % 2 ? hot[lcg() % 9] : lcg() % 256);
		if (op < 3) {
			rq_enqueue(&rq, &links[i]);
			m_key[i] = ++tail_key;
			m_queued[i] = true;
		} else if (op < 5) {
			rq_enqueue_head(&rq, &links[i]);
			m_key[i] = --head_key;
			m_queued[i] = true;
		} else if (op < 7) {
			rq_dequeue(&rq, &links[i]);
			m_queued[i] = false;
		} else if ((want = model_highest()) >= 0) { /* run the chosen one */
			rq_dequeue(&rq, &links[want]);
			m_queued[want] = false;
		}
		want = model_highest();
		errors += rq_highest(&rq) != (want < 0 ? NULL : &links[want]);
		errors += rq_highest_prio(&rq) != (want < 0 ? -1 : links[want].prio);
		errors += check_structure() + model_order_errors();
		for (int j = 0; j < NLINKS; j++)
			errors += links[j].queued != m_queued[j];
	}
	CHECK_EQ_INT(errors, 0);
}

int main(void) { return check_run(); }
