/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storm_guest: a guest that exits as fast as it can: it signals the native peer on the
 * channel labelled "peer", then makes hypercalls the VMM does not know and direct
 * channel calls to a channel it does not have, forever. Each exit goes to its VMM and
 * back; none may give the vCPU more than its share of its priority.
 */
#include <tessera/guest.h>

void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	(void)kind, (void)esr, (void)elr, (void)far;
	tsr_psci_system_off(); /* not expected: the storm takes no exceptions */
}

void guest_main(const void *dtb)
{
	const unsigned long none[6] = {0};
	uint64_t channel, unused;
	struct tsr_fdt t;
	if (!tsr_fdt_open(&t, dtb, 2UL << 20) ||
	    !tsr_fdt_reg(&t, tsr_fdt_find(&t, TSR_DT_CHANNEL, "peer"), 0, &channel, &unused)) {
		tsr_console_puts("storm: no channel labelled \"peer\"\n");
		tsr_psci_system_off();
	}
	tsr_console_puts("storm: exiting in a loop\n");
	tsr_channel_signal((unsigned)channel);
	for (unsigned long i = 0;; i++) {
		tsr_hvc(0xc2001234UL + (i & 0xff), none); /* unknown: the VMM answers -1 */
		tsr_hvc(TSR_HVC_CHANNEL(TSR_VCPU_CHANNELS - 1), none); /* no such channel */
	}
}
