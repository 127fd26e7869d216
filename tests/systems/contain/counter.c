/* SPDX-License-Identifier: BSD-2-Clause */
/* counter: answers each call with how many calls it has had (label 1 on the first):
 * the chaos guest asks it which boot this is. Calls of other labels get label 0. */
#include <tessera/component.h>

static unsigned long calls;

void init(void) {}

unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel;
	return TSR_MSG_LABEL(info) == 1 ? TSR_MSG(++calls, 0) : TSR_MSG(0, 0);
}
