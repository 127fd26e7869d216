/* SPDX-License-Identifier: BSD-2-Clause */
/* victim: below the escaper; it finishes its rounds only while the escaper's budget
 * holds, then waits (the VM below it gets the CPU). */
#include "busy.h"
#include <tessera/component.h>

void init(void)
{
	for (unsigned round = 1; round <= 3; round++) {
		busy_round();
		tsr_printf("victim: round %u beside the escaper\n", round);
	}
}
