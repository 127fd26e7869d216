/* SPDX-License-Identifier: BSD-2-Clause */
/* fp_denied: a component whose manifest says fp = false uses a floating-point register
 * anyway (fmov d0, xzr, as its encoding): a fault, reported by the root manager. */
#include <tessera/component.h>

void init(void)
{
	tsr_printf("fp_denied: using a floating-point register\n");
	__asm__ volatile(".inst 0x9e6703e0"); /* fmov d0, xzr */
	tsr_printf("fp_denied: still running (wrong)\n");
}
