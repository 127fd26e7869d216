/* SPDX-License-Identifier: BSD-2-Clause */
/* Ready queues: 256 priorities, FIFO within a priority, the highest found in O(1). */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_PRIORITIES 256

/* What a queued thread carries (embedded in struct thread as `rq`). Start it with
 * queued = false; change prio only while it is not queued. */
struct rq_link {
	struct rq_link *next, *prev;
	union {
		struct {
			uint8_t prio;
			uint8_t cpu; /* whose queue: the thread's affinity */
		};
		uint16_t place; /* both: the IPC fast path compares them at once */
	};
	bool queued;
};

/* One per CPU. A bit per non-empty priority: four words, plus a word saying which
 * of the four are non-zero, so the highest is two count-leading-zeros away. */
struct runqueue {
	struct rq_link *head[SCHED_PRIORITIES], *tail[SCHED_PRIORITIES];
	uint64_t bitmap[SCHED_PRIORITIES / 64];
	uint64_t summary;
};

void rq_init(struct runqueue *rq);
/* Append at the tail of its priority (a thread that used up its slice or yielded).
 * Both enqueues move an already queued link (dequeue, then enqueue). */
void rq_enqueue(struct runqueue *rq, struct rq_link *l);
/* Inline below (the fast paths use them and make no calls): the bitmap's upkeep;
 * remove (a no-op when not queued); put at the head of its priority (a thread
 * preempted before its slice ended). */
static inline void rq_mark_nonempty(struct runqueue *rq, unsigned p)
{
	rq->bitmap[p / 64] |= 1ULL << (p % 64);
	rq->summary |= 1ULL << (p / 64);
}

static inline void rq_mark_empty(struct runqueue *rq, unsigned p)
{
	rq->bitmap[p / 64] &= ~(1ULL << (p % 64));
	if (!rq->bitmap[p / 64])
		rq->summary &= ~(1ULL << (p / 64));
}

static inline void rq_dequeue(struct runqueue *rq, struct rq_link *l)
{
	unsigned p = l->prio;

	if (!l->queued)
		return;
	if (l->prev)
		l->prev->next = l->next;
	else
		rq->head[p] = l->next;
	if (l->next)
		l->next->prev = l->prev;
	else
		rq->tail[p] = l->prev;
	l->next = l->prev = NULL;
	l->queued = false;
	if (!rq->head[p])
		rq_mark_empty(rq, p);
}

static inline void rq_enqueue_head(struct runqueue *rq, struct rq_link *l)
{
	unsigned p = l->prio;

	rq_dequeue(rq, l);
	l->prev = NULL;
	l->next = rq->head[p];
	if (rq->head[p])
		rq->head[p]->prev = l;
	else
		rq->tail[p] = l;
	rq->head[p] = l;
	l->queued = true;
	rq_mark_nonempty(rq, p);
}

/* Out of the queue when first at its priority (what schedule() picked). */
static inline void rq_pop(struct runqueue *rq, struct rq_link *l)
{
	unsigned p = l->prio;
	struct rq_link *n = l->next;
	rq->head[p] = n;
	if (n) {
		n->prev = NULL;
	} else {
		rq->tail[p] = NULL;
		rq_mark_empty(rq, p);
	}
	l->next = NULL;
	l->queued = false;
}

/* The direct switch on a wake-up (kernel/src/fastpath.c): into its priority's queue,
 * empty until now. A link that is not queued has no neighbours (rq_dequeue leaves it
 * so). */
static inline void rq_insert_alone(struct runqueue *rq, struct rq_link *l)
{
	rq->head[l->prio] = rq->tail[l->prio] = l;
	l->queued = true;
	rq_mark_nonempty(rq, l->prio);
}

/* The highest non-empty priority, or -1. */
static inline int rq_highest_prio(const struct runqueue *rq)
{
	if (!rq->summary)
		return -1;
	unsigned w = 63 - (unsigned)__builtin_clzll(rq->summary);
	return (int)(w * 64 + 63 - (unsigned)__builtin_clzll(rq->bitmap[w]));
}

/* The first of the highest non-empty priority, or NULL. Does not remove it. */
static inline struct rq_link *rq_highest(const struct runqueue *rq)
{
	int p = rq_highest_prio(rq);
	return p < 0 ? NULL : rq->head[p];
}

#endif
