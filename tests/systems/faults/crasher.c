/* SPDX-License-Identifier: BSD-2-Clause */
/* crasher: faults as soon as it starts (a read of an unmapped address). */
#include <tessera/component.h>

void init(void)
{
	tsr_printf("crasher: about to fault\n");
	volatile unsigned long unmapped = 0x1230;
	(void)*(volatile unsigned long *)unmapped;
	tsr_printf("crasher: still running after the fault\n");
}
