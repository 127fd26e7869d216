/* SPDX-License-Identifier: BSD-2-Clause */
/* The proving guest's second vCPU: PSCI CPU_ON and CPU_OFF, SGIs both ways. */
#include "proving.h"

/* A second vCPU: vCPU 0 starts vCPU 1 with PSCI CPU_ON (start.S's secondary entry, with
 * &smp as its context); vCPU 1 brings up its own redistributor and CPU interface,
 * records what it sees, sends SGI 0 to vCPU 0, waits for SGI 1 from it, and turns itself
 * off with CPU_OFF. What vCPU 1 writes, vCPU 0 reads after an acquire of `stage`. */
enum { SMP_STARTED = 1, SMP_GOT_SGI, SMP_OFF_REFUSED };
static struct {
	unsigned long context; /* x0 at its entry */
	unsigned cpu;	       /* its MPIDR_EL1 affinity 0 */
	bool awake;	       /* its redistributor woke */
	long off;	       /* what CPU_OFF returned, if it did */
	unsigned stage;	       /* SMP_*, stored with release */
} smp;

void guest_secondary(unsigned long context)
{
	const unsigned cpu = tsr_cpu_index();
	smp.context = context;
	smp.cpu = cpu;
	smp.awake = tsr_gic_redist_wake();
	tsr_gic_enable_irq(SGI_TO_SECONDARY, PRIORITY);
	tsr_gic_cpu_enable();
	__atomic_store_n(&smp.stage, SMP_STARTED, __ATOMIC_RELEASE);
	tsr_gic_send_sgi(SGI_TO_BOOT, 1U << 0);
	while (!(sgis[cpu] & 1U << SGI_TO_SECONDARY))
		tsr_irq_wait();
	__atomic_store_n(&smp.stage, SMP_GOT_SGI, __ATOMIC_RELEASE);
	smp.off = tsr_psci_cpu_off();
	__atomic_store_n(&smp.stage, SMP_OFF_REFUSED, __ATOMIC_RELEASE);
	for (;;)
		tsr_irq_wait();
}

/* The device tree's vCPUs: its nodes /cpus/cpu@0, @1, ... */
static unsigned cpu_count(const struct tsr_fdt *t)
{
	char path[] = "/cpus/cpu@0";
	unsigned n = 0;
	for (; n < TSR_GUEST_VCPUS_MAX; n++) {
		path[sizeof(path) - 2] = (char)('0' + n);
		if (tsr_fdt_path(t, path) < 0)
			break;
	}
	return n;
}

void test_smp(const struct tsr_fdt *t)
{
	const unsigned n = cpu_count(t);
	if (n < 2)
		return; /* one vCPU: nothing to test */
	uint64_t gicr, size;
	int gic = tsr_fdt_find(t, "arm,gic-v3", NULL);
	say("smp: %u vCPUs", n);
	if (gic_version == 2) /* GICD_TYPER's CPUNumber: CPU interfaces - 1 */
		check((gicd_read(0x4) >> 5 & 7) == n - 1,
		      "smp: GICv2 distributor: GICD_TYPER names a CPU interface for each vCPU");
	else
		check(tsr_fdt_reg(t, gic, 1, &gicr, &size) && gicr == TSR_GUEST_GICR &&
			  size == n * TSR_GUEST_GICR_STRIDE,
		      "smp: device tree: a redistributor frame for each vCPU");

	tsr_gic_enable_irq(SGI_TO_BOOT, PRIORITY);
	const unsigned long entry = (unsigned long)guest_secondary_entry, ctx = (unsigned long)&smp;
	check(tsr_psci_cpu_on(1, CRASH_IPA, ctx) == TSR_PSCI_INVALID_ADDRESS,
	      "smp: PSCI CPU_ON at an entry outside RAM: INVALID_ADDRESS");
	long on = tsr_psci_cpu_on(1, entry, ctx);
	say("smp: PSCI CPU_ON(1) returned %ld", on);
	if (!check(on == TSR_PSCI_SUCCESS, "smp: PSCI CPU_ON(1) starts vCPU 1"))
		return;
	long again = tsr_psci_cpu_on(1, entry, ctx), beyond = tsr_psci_cpu_on(n, entry, ctx);
	long info = tsr_psci_affinity_info(1);
	say("smp: CPU_ON(1) again: %ld, CPU_ON(%u): %ld, AFFINITY_INFO(1): %ld", again, n, beyond,
	    info);
	check(again == TSR_PSCI_ALREADY_ON, "smp: PSCI CPU_ON(1) while it runs: ALREADY_ON");
	check(beyond == TSR_PSCI_INVALID_PARAMETERS,
	      "smp: PSCI CPU_ON of a vCPU beyond the count: INVALID_PARAMETERS");
	check(info == 0, "smp: PSCI AFFINITY_INFO(1) while it runs: on");

	unsigned seen = ticks;
	tsr_vtimer_set(hz * WAIT_MS / 1000);
	while (!(sgis[0] & 1U << SGI_TO_BOOT) && ticks == seen)
		tsr_irq_wait();
	tsr_vtimer_stop();
	unsigned stage = __atomic_load_n(&smp.stage, __ATOMIC_ACQUIRE);
	say("smp: vCPU 1: stage %u, context %#lx, affinity 0 %u, redistributor %s", stage,
	    smp.context, smp.cpu, smp.awake ? "awake" : "asleep");
	check(stage >= SMP_STARTED && smp.context == ctx,
	      "smp: vCPU 1 runs from CPU_ON's entry with its context in x0");
	check(stage >= SMP_STARTED && smp.cpu == 1 && smp.awake,
	      gic_version == 2
		  ? "smp: vCPU 1 has MPIDR affinity 0 = 1"
		  : "smp: vCPU 1 has MPIDR affinity 0 = 1 and woke its own redistributor");
	check(sgis[0] == 1U << SGI_TO_BOOT, "smp: SGI 0 from vCPU 1 taken by vCPU 0 in WFI");

	tsr_gic_send_sgi(SGI_TO_SECONDARY, 1U << 1);
	for (unsigned ms = 0; ms < WAIT_MS && (info = tsr_psci_affinity_info(1)) != 1; ms++)
		sleep_ms(1);
	stage = __atomic_load_n(&smp.stage, __ATOMIC_ACQUIRE);
	if (stage == SMP_OFF_REFUSED)
		say("smp: vCPU 1's PSCI CPU_OFF returned %ld", smp.off);
	check(stage >= SMP_GOT_SGI, "smp: SGI 1 from vCPU 0 taken by vCPU 1 in WFI");
	check(stage == SMP_GOT_SGI && info == 1,
	      "smp: vCPU 1 PSCI CPU_OFF, then AFFINITY_INFO(1): off");
}
