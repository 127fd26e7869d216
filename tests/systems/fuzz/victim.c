/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_victim: below the fuzzer, which runs under a budget. It calls the server in a
 * loop, checks every answer, and measures the longest time between two answers; when the
 * fuzzer says it is done, it tells whether it kept its share (no gap longer than
 * victim_gap_ms) and every answer was right, and ends the test.
 */
#include <tessera/clock.h>
#include <tessera/component.h>
#include <tessera/spec_format.h>
#include <tessera/syscall.h>

#define CH_SERVER 0
#define CH_FUZZER 1

volatile unsigned long victim_gap_ms = 50; /* setvar: the longest wait it accepts */

void init(void)
{
	unsigned long hz = tsr_counter_hz(), start = tsr_counter(), last = start, gap = 0;
	unsigned long answers = 0, wrong = 0, next_beat = start + hz;
	while (!(tsr_poll_events() & TSR_BADGE_NOTIFY(CH_FUZZER))) {
		tsr_mr_set(0, answers);
		long r = tsr_ppcall(CH_SERVER, TSR_MSG(0, 1));
		if (r < 0 || tsr_mr_get(0) != answers + 1)
			wrong++;
		answers++;
		for (volatile unsigned i = 0; i < 2000; i++) /* some work of its own */
			;
		unsigned long now = tsr_counter();
		if (now - last > gap)
			gap = now - last;
		last = now;
		if (now >= next_beat) {
			tsr_printf("victim: %lu answers, longest gap %lu us\n", answers,
				   gap * 1000000 / hz);
			next_beat += hz;
		}
	}
	unsigned long gap_us = gap * 1000000 / hz;
	tsr_printf("victim: %lu answers in %lu ms, %lu wrong, longest gap %lu us (limit %lu ms)\n",
		   answers, (tsr_counter() - start) * 1000 / hz, wrong, gap_us, victim_gap_ms);
	bool pass = !wrong && answers && gap_us <= victim_gap_ms * 1000;
	tsr_printf("fuzz: %s\n", pass ? "victims kept their share" : "FAIL: a victim starved");
}
