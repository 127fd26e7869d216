/* SPDX-License-Identifier: BSD-2-Clause */
/* monitor: the timing handler the manifest names for the periodic tasks: the kernel
 * signals it at each deadline miss and budget overrun. */
#include <tessera/component.h>
#include <tessera/spec_format.h>

static unsigned long heard[TSR_CHANNELS];

void init(void) {}

void notified(unsigned channel)
{
	if (channel < TSR_CHANNELS && !heard[channel]++)
		tsr_printf("monitor: timing event on channel %u (a miss or an overrun)\n", channel);
}
