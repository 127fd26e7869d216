/* SPDX-License-Identifier: BSD-2-Clause */
/* rt_ping: an IPC storm beside the real-time task: calls its peer on channel 0 with six
 * words, as fast as it can, forever. */
#include <tessera/component.h>

void init(void)
{
	for (unsigned long n = 0;; n++) {
		for (unsigned i = 0; i < TSR_MSG_SHORT_WORDS; i++)
			tsr_mr_set(i, n + i);
		if (tsr_ppcall(0, TSR_MSG(1, TSR_MSG_SHORT_WORDS)) < 0) {
			tsr_printf("rt_ping: the call failed\n");
			return;
		}
	}
}
