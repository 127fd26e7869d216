/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * load_guest: the guest beside the real-time task. bootargs "spin": it spins in a loop
 * with interrupts on (a busy guest), printing how much it got done in each of its first
 * windows of 100 ms. "hostile": it masks its interrupts and, forever,
 * makes hypercalls the VMM does not know, reads and writes its emulated GIC distributor
 * (stage-2 faults the VMM emulates) and calls a channel it does not have: every kind of
 * exit, as fast as it can.
 */
#include <mem.h>
#include <tessera/guest.h>

#define WINDOWS 4 /* of its throughput, printed */

void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	tsr_console_printf("load: exception %lu: ESR %#lx, ELR %#lx, FAR %#lx\n", kind, esr, elr,
			   far);
	tsr_psci_system_off();
}

static void hostile(void)
{
	const unsigned long none[6] = {0};
	volatile uint32_t *gicd = (volatile uint32_t *)TSR_GUEST_GICD;
	__asm__ volatile("msr daifset, #0xf"); /* everything masked */
	for (unsigned long i = 0;; i++) {
		tsr_hvc(0xc2001234UL + (i & 0xff), none);	       /* the VMM answers -1 */
		(void)gicd[1];					       /* GICD_TYPER: emulated */
		gicd[0x80 / 4 + 1] = 0;				       /* GICD_IGROUPR1: emulated */
		tsr_hvc(TSR_HVC_CHANNEL(TSR_VCPU_CHANNELS - 1), none); /* no such channel */
	}
}

void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	const char *args = tsr_fdt_open(&t, dtb, 2UL << 20) ? tsr_fdt_bootargs(&t) : NULL;
	if (args && !strcmp(args, "hostile")) {
		tsr_console_puts("load: hostile: interrupts masked, exits in a loop\n");
		hostile();
	}
	/* Its throughput: loops of a fixed body in each of its first windows of 100 ms of
	 * virtual time (qemu.rt_throughput compares them with and without the real-time
	 * task), then it spins on. */
	tsr_console_puts("load: spinning\n");
	__asm__ volatile("msr daifclr, #0xf");
	uint64_t window = tsr_vtimer_frequency() / 10, end = tsr_vtimer_count() + window;
	for (unsigned w = 1; w <= WINDOWS; w++, end += window) {
		unsigned long loops = 0;
		while (tsr_vtimer_count() < end)
			for (volatile unsigned i = 0; i < 64; i++)
				loops += i == 63;
		tsr_console_printf("load: window %u: %lu loops in 100 ms\n", w, loops);
	}
	for (;;)
		__asm__ volatile("" ::: "memory");
}
