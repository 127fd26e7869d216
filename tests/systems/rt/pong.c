/* SPDX-License-Identifier: BSD-2-Clause */
/* rt_pong: answers rt_ping's calls with their words summed. */
#include <tessera/component.h>

void init(void) {}

unsigned long protected(unsigned channel, unsigned long info)
{
	unsigned long sum = 0;
	(void)channel;
	for (unsigned i = 0; i < TSR_MSG_LENGTH(info) && i < TSR_MSG_SHORT_WORDS; i++)
		sum += tsr_mr_get(i);
	tsr_mr_set(0, sum);
	return TSR_MSG(1, 1);
}
