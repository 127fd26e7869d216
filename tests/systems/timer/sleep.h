/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the timer test's clients: sleep and check the time it took. */
#include <tessera/timer.h>

#define TIMER 0
#define WOKEN 1

static int failed;

static void check(int ok, const char *what)
{
	failed += !ok;
	tsr_printf("%s: %s\n", what, ok ? "ok" : "FAILED");
}

static void sleep_and_check(const char *who, unsigned long us)
{
	unsigned long start = tsr_now_ns();
	long err = tsr_sleep_us(TIMER, WOKEN, us);
	unsigned long slept = (tsr_now_ns() - start) / 1000;
	tsr_printf("%s: asked %lu us, slept %lu us\n", who, us, slept);
	check(err == 0 && slept >= us, "the sleep lasted at least as asked");
}
