/* SPDX-License-Identifier: BSD-2-Clause */
/* bystander: answers calls, whatever happens to the others. */
#include <tessera/component.h>

void init(void) {}

unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel;
	(void)info;
	tsr_mr_set(0, 42);
	return TSR_MSG(1, 1);
}
