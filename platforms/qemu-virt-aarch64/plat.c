/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt: starting CPUs and stopping the machine (PSCI over SMC, semihosting). */
#include <arch/semihosting.h>
#include <arch/sysreg.h>
#include <plat.h>
#include <smp.h>

#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_CPU_ON 0xC4000003UL

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

extern char secondary_entry[];

/* QEMU emulates PSCI over SMC (no EL3 here): CPU n has MPIDR Aff1 = n / 8, Aff0 = n % 8,
 * and starts at secondary_entry at EL2 with x0 = n; an error for a CPU QEMU lacks. */
int plat_cpu_start(unsigned id)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON;
	register uint64_t x1 __asm__("x1") = (uint64_t)(id / 8) << 8 | (id % 8);
	register uint64_t x2 __asm__("x2") = (uint64_t)(uintptr_t)secondary_entry;
	register uint64_t x3 __asm__("x3") = id;
	__asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (int)(int64_t)x0;
}
