/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling contexts: budget and period enforced as a sporadic server. */
#ifndef SC_H
#define SC_H

#include <cap.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Time is in counter ticks. A context holds up to SC_REFILLS refills: chunks of
 * budget, each usable from its release time. Using budget from time t schedules the
 * same amount to come back at t + period (the sporadic-server rule), so in any window
 * of one period the thread runs at most `budget`. When the refill list is full, new
 * refills merge into the last one (later release, never more budget).
 */
#define SC_REFILLS 8

struct refill {
	uint64_t release; /* usable from this time */
	uint64_t amount;  /* ticks */
};

struct sched_context {
	uint64_t budget, period; /* ticks; budget == 0: not configured, cannot run */
	uint16_t head, count;	 /* refills form a ring, ordered by release time */
	bool overran;		 /* a periodic task's current job has run out of budget */
	struct refill refill[SC_REFILLS];
	uint64_t consumed;    /* total ticks charged, for tests and reports */
	struct thread *bound; /* the thread that runs on it, or NULL */
	/* A periodic task's (deadline > 0): a job released every period, its budget whole
	 * again at each release (TSR_SYS_WAIT_PERIOD). */
	uint64_t deadline;  /* ticks after each release; 0: a sporadic server */
	uint64_t release;   /* the current job's release; 0: not started */
	uint32_t misses;    /* jobs that ended after their deadline, or never ran */
	uint32_t overruns;  /* jobs that ran out of budget before they ended */
	struct cte handler; /* a notification signalled at each miss and overrun */
};
_Static_assert(sizeof(struct sched_context) <= 256, "a scheduling context object is 256 bytes");

/* (Re)configure: all of the budget available from `now` as one refill; consumed = 0,
 * bound is kept. budget <= period, both > 0 (a zero one leaves the context with nothing
 * available; a budget above the period is cut to the period). */
void sc_configure(struct sched_context *sc, uint64_t budget, uint64_t period, uint64_t now);
/* Budget usable at `now`: the sum of the refills released by then. */
uint64_t sc_available(const struct sched_context *sc, uint64_t now);
/* The thread ran from `start` for `used` ticks: take them from the released refills,
 * head first, and add a refill of `used` released at start + period (merged into the
 * tail one when the ring is full). `used` above sc_available(sc, start) is clamped. */
void sc_charge(struct sched_context *sc, uint64_t start, uint64_t used);
/* A periodic task's next job: the whole budget as one refill from `at`. */
void sc_release(struct sched_context *sc, uint64_t at);
/* The head refill's release time: when budget is next available if none is now
 * (UINT64_MAX when not configured). */
uint64_t sc_next_release(const struct sched_context *sc);

#endif
