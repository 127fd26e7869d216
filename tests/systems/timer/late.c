/* SPDX-License-Identifier: BSD-2-Clause */
/* late: a long sleep, then it crashes the timer service and checks it recovers. */
#include "sleep.h"

void init(void)
{
	sleep_and_check("late", 5000);
	sleep_and_check("late", 20000); /* the early client is done by now */

	long r = tsr_ppcall(TIMER, TSR_MSG(TSR_TIMER_CRASH, 0));
	check(r == -TSR_EPEER, "a request that crashes the service fails with TSR_EPEER");
	sleep_and_check("late", 1000); /* served by the restarted service */
	tsr_printf("late: %d failed\n", failed);
	tsr_debug_shutdown(failed);
}
