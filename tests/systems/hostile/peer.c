/* SPDX-License-Identifier: BSD-2-Clause */
/* peer: a native component at the priority of a vCPU that exits to its VMM in a loop.
 * The guest signals channel 0 once its storm has begun; the peer's rounds then finish
 * only if round robin holds through the exits. */
#include "busy.h"
#include <tessera/component.h>

#define GUEST 0

void init(void)
{
	tsr_wait_notified(GUEST);
	for (unsigned round = 1; round <= 3; round++) {
		busy_round();
		tsr_printf("peer: round %u while the guest exits\n", round);
	}
	tsr_printf("peer: done\n");
}
