/* SPDX-License-Identifier: BSD-2-Clause */
/* monitor: the fault handler of its child (channel 5); leaves it stopped. */
#include <tessera/component.h>

void init(void) {}

bool fault(unsigned channel, unsigned long info)
{
	tsr_printf(
	    "monitor: child on channel %u faulted (kind %lu) at 0x%lx, pc 0x%lx; left stopped\n",
	    channel, TSR_MSG_LABEL(info), tsr_mr_get(1), tsr_mr_get(2));
	return false;
}
