/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling contexts: sporadic-server refills in a small ring. */
#include <sc.h>
#include <stddef.h>

/*
 * Invariants (after sc_configure with budget > 0): 1 <= count <= SC_REFILLS, the refills
 * from head are in non-decreasing release order, none is empty, and their amounts sum
 * to budget. Budget is only ever moved later in time, never created.
 */

static struct refill *nth(struct sched_context *sc, unsigned i)
{
	return &sc->refill[(sc->head + i) % SC_REFILLS];
}

static const struct refill *nth_c(const struct sched_context *sc, unsigned i)
{
	return &sc->refill[(sc->head + i) % SC_REFILLS];
}

/* Misuse is tamed rather than trusted: a zero budget or period leaves the context
 * unconfigured (nothing ever available), and a budget above the period is cut to it. */
void sc_configure(struct sched_context *sc, uint64_t budget, uint64_t period, uint64_t now)
{
	if (!budget || !period)
		budget = period = 0;
	if (budget > period)
		budget = period;
	sc->budget = budget;
	sc->period = period;
	sc->consumed = 0;
	sc->release = 0;
	sc->misses = sc->overruns = 0;
	sc_release(sc, now);
}

void sc_release(struct sched_context *sc, uint64_t at)
{
	sc->head = 0;
	sc->count = sc->budget ? 1 : 0;
	sc->overran = false;
	sc->refill[0].release = at;
	sc->refill[0].amount = sc->budget;
}

uint64_t sc_available(const struct sched_context *sc, uint64_t now)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < sc->count && nth_c(sc, i)->release <= now; i++)
		sum += nth_c(sc, i)->amount;
	return sum;
}

/* `used` beyond sc_available(sc, start) is clamped to it: only released budget is
 * charged (and comes back), so a caller that overran cannot create or lose budget. */
void sc_charge(struct sched_context *sc, uint64_t start, uint64_t used)
{
	uint64_t avail = sc_available(sc, start), release;
	struct refill *tail;

	if (used > avail)
		used = avail;
	if (!used)
		return;
	sc->consumed += used;

	/*
	 * Refills released by `start` are all usable from now on: fold them into one at
	 * the head (keeping the latest release, <= start), which frees ring slots without
	 * changing what is available at any time. Then take `used` from it.
	 */
	while (sc->count > 1 && nth(sc, 1)->release <= start) {
		nth(sc, 1)->amount += nth(sc, 0)->amount;
		sc->head = (uint16_t)((sc->head + 1) % SC_REFILLS);
		sc->count--;
	}
	if (nth(sc, 0)->amount > used) {
		nth(sc, 0)->amount -= used;
	} else {
		sc->head = (uint16_t)((sc->head + 1) % SC_REFILLS);
		sc->count--;
	}

	/* Give it back one period later, or with the tail if that is later still (only when
	 * a start comes before an earlier charge's), so releases stay in order. When the
	 * ring is full, merge into the tail. */
	release = start + sc->period;
	if (sc->count) {
		tail = nth(sc, sc->count - 1);
		if (tail->release > release)
			release = tail->release;
		if (sc->count == SC_REFILLS) {
			tail->amount += used;
			tail->release = release;
			return;
		}
	}
	tail = nth(sc, sc->count++);
	tail->release = release;
	tail->amount = used;
}

/* UINT64_MAX when unconfigured: budget never becomes available. */
uint64_t sc_next_release(const struct sched_context *sc)
{
	return sc->count ? nth_c(sc, 0)->release : UINT64_MAX;
}
