/* SPDX-License-Identifier: BSD-2-Clause */
/* heartbeat: a native component at the priority of the hostile guest's vCPUs, counting
 * rounds of work (about 16 million instructions each) forever: its lines stop if the
 * guest takes more than its share of the priority. */
#include <tessera/component.h>

void init(void)
{
	for (unsigned long beat = 1;; beat++) {
		for (volatile unsigned long i = 0; i < 4000000; i++)
			;
		tsr_printf("heartbeat: %lu\n", beat);
	}
}
