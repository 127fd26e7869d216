/* SPDX-License-Identifier: BSD-2-Clause */
/* Ready queues: a FIFO per priority and a two-level bitmap of the non-empty ones. */
#include <sched.h>
#include <stddef.h>

/*
 * Bit (p % 64) of bitmap[p / 64] is set iff priority p has a queued link, and bit w of
 * summary iff bitmap[w] != 0. Higher priorities sit in higher bits, so the highest is
 * found with two count-leading-zeros. A queued link's prio must not change while it is
 * queued (dequeue it first), and a link is on at most one runqueue: the one passed.
 */

void rq_init(struct runqueue *rq)
{
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		rq->head[p] = rq->tail[p] = NULL;
	for (unsigned w = 0; w < SCHED_PRIORITIES / 64; w++)
		rq->bitmap[w] = 0;
	rq->summary = 0;
}

/* Re-queueing a queued link moves it: dequeue first, so the lists stay well formed. */
void rq_enqueue(struct runqueue *rq, struct rq_link *l)
{
	unsigned p = l->prio;

	rq_dequeue(rq, l);
	l->next = NULL;
	l->prev = rq->tail[p];
	if (rq->tail[p])
		rq->tail[p]->next = l;
	else
		rq->head[p] = l;
	rq->tail[p] = l;
	l->queued = true;
	rq_mark_nonempty(rq, p);
}
