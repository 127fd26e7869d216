/* SPDX-License-Identifier: BSD-2-Clause */
/* vm_monitor: the native side of the proving guests' test (tests/systems/vm). */
#include <tessera/component.h>

/*
 * The guests call it on their "echo" channels (ids 0..GUESTS-1 here, one per guest):
 * ECHO answers each word plus one, BOOTS counts the caller's boots (a guest that tests
 * PSCI SYSTEM_RESET resets on its first boot only), RESULT takes a guest's own count of
 * passed and failed checks. The VMMs call it on their event channels (EVENTS + guest)
 * when a guest powers off, resets or is stopped. Once every guest has ended as the
 * manifest's roles say (powered off after reporting no failure, or, for the crasher,
 * stopped by its VMM), it prints the closing line and ends the run with the number of
 * failures as the status.
 */
#define GUESTS 3
#define EVENTS 8
#define CRASHER 2 /* guest index 2 faults on purpose */

#define ECHO 1
#define RESULT 2
#define BOOTS 3
#define EVENT_OFF 1 /* the VMM's (userland/vmm/vmm.h) */
#define EVENT_RESET 2
#define EVENT_STOPPED 3
#define ESR_EC_DABT_LOW 0x24

static int passed, failed;
static unsigned boots[GUESTS], resets[GUESTS];
static bool reported[GUESTS], ended[GUESTS];

void init(void) { tsr_printf("monitor: waiting for %u guests\n", GUESTS); }

static void check(bool ok, unsigned guest, const char *what)
{
	tsr_printf("monitor: guest %u: %s: %s\n", guest + 1, what, ok ? "ok" : "FAILED");
	if (ok)
		passed++;
	else
		failed++;
}

static void maybe_finish(void)
{
	for (unsigned g = 0; g < GUESTS; g++)
		if (!ended[g])
			return;
	tsr_printf("%d passed, %d failed\n", passed, failed);
	tsr_debug_shutdown(failed);
}

static void guest_event(unsigned g, unsigned long label, unsigned long word)
{
	if (label == EVENT_RESET) {
		resets[g]++;
		return;
	}
	ended[g] = true;
	if (g == CRASHER) {
		check(label == EVENT_STOPPED && (word >> 26) == ESR_EC_DABT_LOW, g,
		      "stopped by its VMM after a stage-2 data abort");
	} else {
		check(label == EVENT_OFF && reported[g], g, "powered off after its report");
		check(resets[g] == 1 && boots[g] == 2, g, "reset once by PSCI, then booted again");
	}
	maybe_finish();
}

unsigned long protected(unsigned channel, unsigned long info)
{
	unsigned long label = TSR_MSG_LABEL(info);
	if (channel >= EVENTS && channel < EVENTS + GUESTS) {
		guest_event(channel - EVENTS, label, tsr_mr_get(0));
		return TSR_MSG(0, 0);
	}
	if (channel >= GUESTS)
		return TSR_MSG(0, 0);
	if (label == ECHO) {
		for (unsigned i = 0; i < TSR_MSG_LENGTH(info); i++)
			tsr_mr_set(i, tsr_mr_get(i) + 1);
		return TSR_MSG(ECHO, TSR_MSG_LENGTH(info));
	}
	if (label == BOOTS) {
		tsr_mr_set(0, ++boots[channel]);
		return TSR_MSG(BOOTS, 1);
	}
	if (label == RESULT) {
		unsigned long p = tsr_mr_get(0), f = tsr_mr_get(1);
		reported[channel] = true;
		check(f == 0 && p > 0, channel, "reported its checks: none failed");
	}
	return TSR_MSG(0, 0);
}
