/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM's test hooks, absent: the VMM that systems use (hook_test.c: vmm_test's). */
#include "vmm.h"

bool vmm_test_hook(unsigned long fn)
{
	(void)fn;
	return false;
}
