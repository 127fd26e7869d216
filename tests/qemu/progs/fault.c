/* SPDX-License-Identifier: BSD-2-Clause */
/* Faults at EL0 (chosen by FAULT_KIND when built): the kernel reports and stops only us. */
#include <tessera/user.h>

int main(void)
{
	tsr_printf("fault: about to fault (%s)\n", FAULT_KIND);
#if defined(FAULT_READ)
	volatile unsigned long unmapped = 0x10; /* hidden from the compiler's checks */
	return *(volatile int *)unmapped;
#elif defined(FAULT_WRITE_RODATA)
	static const int constant = 1;
	*(volatile int *)&constant = 2;
#elif defined(FAULT_UNDEFINED)
	__asm__ volatile("udf #7");
#endif
	tsr_printf("fault: still running, the fault did not happen\n");
	return 1;
}
