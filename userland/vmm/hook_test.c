/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM's test hooks (the vmm_test build only): TSR_HVC_TEST_FAULT_VMM makes the VMM
 * fault, as a bug would, so that tests see the root manager restart it with its VM
 * (tests/systems/contain). */
#include "vmm.h"

bool vmm_test_hook(unsigned long fn)
{
	if (fn != TSR_HVC_TEST_FAULT_VMM)
		return false;
	vmm_print("vmm: test hook: faulting now\n");
	volatile unsigned long *nowhere = (volatile unsigned long *)8; /* an unmapped page */
	__asm__ volatile("" : "+r"(nowhere));
	*nowhere = fn; /* a data abort */
	return true;
}
