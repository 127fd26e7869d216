/* SPDX-License-Identifier: BSD-2-Clause */
/* consumer: reads what the producer wrote in the shared page, and acknowledges. */
#include <tessera/component.h>

#define PRODUCER 0

unsigned long ring; /* set at load (manifest setvar): its own address for the page */

void init(void) {}

void notified(unsigned channel)
{
	if (channel != PRODUCER)
		return;
	const volatile unsigned long *r = (const volatile unsigned long *)ring;
	unsigned long sum = 0;
	for (unsigned long i = 1; i <= r[0]; i++)
		sum += r[i];
	tsr_printf("consumer: %lu values at 0x%lx, sum %lu\n", r[0], ring, sum);
	tsr_notify(PRODUCER);
}
