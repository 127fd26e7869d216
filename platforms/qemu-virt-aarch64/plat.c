/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt: stopping the machine (semihosting exit under test, else PSCI SYSTEM_OFF). */
#include <arch/sysreg.h>
#include <plat.h>

#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
#define SEMIHOST_APPLICATION_EXIT 0x20026
#define PSCI_SYSTEM_OFF 0x84000008UL

bool plat_semihosting;

static void semihost_exit(int status)
{
	uint64_t block[2] = {SEMIHOST_APPLICATION_EXIT, (uint64_t)(int64_t)status};
	register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT_EXTENDED;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

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
