/* SPDX-License-Identifier: BSD-2-Clause */
/* producer: writes numbers into the shared page, then notifies the consumer. */
#include <tessera/component.h>

#define CONSUMER 0
#define COUNT 10

unsigned long ring; /* set at load to where the shared page is (manifest setvar) */

void init(void)
{
	volatile unsigned long *r = (volatile unsigned long *)ring;
	for (unsigned long i = 1; i <= COUNT; i++)
		r[i] = i * i;
	r[0] = COUNT;
	tsr_printf("producer: wrote %d squares at 0x%lx\n", COUNT, ring);
	tsr_notify(CONSUMER);
}

void notified(unsigned channel)
{
	if (channel == CONSUMER)
		tsr_printf("producer: the consumer has read them, done\n");
}
