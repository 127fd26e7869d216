/* SPDX-License-Identifier: BSD-2-Clause */
/* ZCU102: stopping the machine (semihosting exit under test, else halt). */
#include <arch/semihosting.h>
#include <arch/sysreg.h>
#include <plat.h>
#include <smp.h>

bool plat_semihosting;

/* QEMU's xlnx-zcu102 has no EL3 and emulates no PSCI firmware (an SMC is undefined), so
 * only semihosting ends it. On the board, ARM Trusted Firmware at EL3 would answer PSCI
 * SYSTEM_OFF; until the kernel learns from the device tree that it is there, it halts. */
void plat_poweroff(int status)
{
	if (plat_semihosting)
		semihost_exit(status);
	for (;;) {
		irq_mask();
		wfi();
	}
}

/* Starting the other cores needs PSCI CPU_ON from ATF at EL3, which QEMU's model lacks. */
int plat_cpu_start(unsigned id)
{
	(void)id;
	return -1;
}
