/* SPDX-License-Identifier: BSD-2-Clause */
/* flaky: adds numbers, and crashes when asked to (label 2). */
#include <tessera/component.h>

static unsigned long served; /* back to 0 when the root manager restarts us */

void init(void) { tsr_printf("flaky: starting\n"); }

unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel;
	if (TSR_MSG_LABEL(info) == 2) {
		volatile unsigned long unmapped = 0x10;	 /* hidden from the compiler's checks */
		*(volatile unsigned long *)unmapped = 1; /* a fault: the root restarts us */
	}
	served++;
	tsr_mr_set(0, tsr_mr_get(0) + tsr_mr_get(1));
	tsr_mr_set(1, served);
	return TSR_MSG(1, 2);
}
