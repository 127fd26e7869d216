/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt: stopping the machine (semihosting exit under test, else PSCI SYSTEM_OFF). */
#include <arch/semihosting.h>
#include <arch/sysreg.h>
#include <plat.h>

#define PSCI_SYSTEM_OFF 0x84000008UL

bool plat_semihosting;

void plat_poweroff(int status)
{
	if (plat_semihosting)
		semihost_exit(status);
	/* QEMU emulates PSCI over SMC (no EL3 here); it exits with status 0. */
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;
	__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	for (;;) {
		irq_mask();
		wfi();
	}
}
