/* SPDX-License-Identifier: BSD-2-Clause */
/* pair_guest: loads a pair of registers from the emulated GIC distributor, an access no
 * syndrome describes: its VMM stops it and says what it was (not "outside its RAM"). */
#include <tessera/guest.h>

void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	(void)kind, (void)esr, (void)elr, (void)far;
	tsr_psci_system_off();
}

void guest_main(const void *dtb)
{
	unsigned long a, b;
	(void)dtb;
	__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(TSR_GUEST_GICD) : "memory");
	tsr_console_printf("pair: the load returned %#lx %#lx\n", a, b);
	tsr_psci_system_off();
}
