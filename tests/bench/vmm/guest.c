/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmm_bench_guest: the guest of the vmm_bench system (system.toml), which measures its
 * paths through the real VMM (userland/vmm) and the manifest's native components. In a
 * benchmark image the PMU's instruction counter is open to EL1 as to EL0, so it counts
 * with tessera/clock.h's tsr_instructions (PMEVCNTR0, counting at EL2 too): each figure
 * is the median of VMM_BENCH_ROUNDS rounds, less what two back-to-back counter reads
 * take (tsr_instructions_cost), as the native benchmarks do. It prints them as BENCH
 * lines on its console (the VMM passes them to the kernel's); then its last call to the
 * server ends the run.
 */
#include "vmm_bench.h"
#include <tessera/clock.h>
#include <tessera/guest.h>

#define DTB_MAX (2UL << 20)
#define GICD_TYPER (TSR_GUEST_GICD + 0x4)
#define NOTIFY_PRIORITY 0x80
#define MSG_SHORT_EMPTY 0UL /* TSR_MSGINFO(0, TSR_MSG_SHORT, 0, 0) */

unsigned long vmm_bench_irq_wait(unsigned *intid); /* irq_wait.S */

static unsigned long cost, n[VMM_BENCH_ROUNDS];

static unsigned server = ~0U; /* the channel, once found */

/* Tell the server to end the run with `status` (0: the figures are out). */
static __attribute__((noreturn)) void end(unsigned long status)
{
	struct tsr_guest_msg m = {.label = VMM_BENCH_END, .length = 1, .w = {status}};
	tsr_channel_call(server, &m);
	tsr_psci_system_off(); /* no server: the run ends at bench.py's timeout */
	for (;;)
		__asm__ volatile("wfi");
}

static __attribute__((noreturn)) void fail(const char *why)
{
	tsr_console_printf("vmm_bench_guest: %s\n", why);
	end(1);
}

static void report(const char *name, const char *what)
{
	tsr_console_printf("BENCH %s %lu %s\n", name, tsr_median(n, VMM_BENCH_ROUNDS), what);
}

/* The hypercalls measured: the instructions inside are counted (as vm_bench_guest.S's). */
static inline void hvc_vmm(unsigned long fn)
{
	__asm__ volatile("mov x0, %0\n\thvc #0" ::"r"(fn) : "x0", "x1", "x2", "x3", "memory");
}

static inline void hvc_channel_call(unsigned long fn)
{
	__asm__ volatile("mov x0, %0\n\tmov x1, %1\n\thvc #0" ::"r"(fn), "i"(MSG_SHORT_EMPTY)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "memory");
}

static inline unsigned mmio_read(unsigned long ipa)
{
	unsigned value;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(value) : "r"(ipa) : "memory");
	return value;
}

/* A null hypercall the VMM answers (SMCCC_VERSION), from the hvc to the next instruction. */
static void hvc_roundtrip(void)
{
	for (int i = 0; i < VMM_BENCH_ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		hvc_vmm(TSR_SMCCC_VERSION);
		n[i] = tsr_instructions() - t0 - cost;
	}
	report("vmm_hvc_roundtrip", "a null hypercall (SMCCC_VERSION) answered by the VMM "
				    "component, from the guest's hvc to its next instruction");
}

/* A load of GICD_TYPER, which the VMM's emulated distributor (vgic.c) answers. */
static void mmio_roundtrip(void)
{
	unsigned typer = 0;
	for (int i = 0; i < VMM_BENCH_ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		typer = mmio_read(GICD_TYPER);
		n[i] = tsr_instructions() - t0 - cost;
	}
	if (!typer) /* its ITLinesNumber: never 0 from the VMM's distributor */
		fail("GICD_TYPER read as 0");
	report("vmm_mmio_roundtrip", "a guest load of GICD_TYPER: its stage-2 exit, emulated by "
				     "the VMM component, back to the next instruction");
}

/* A call through the direct channel to the native server, which replies empty. */
static void channel_roundtrip(unsigned channel)
{
	for (int i = 0; i < VMM_BENCH_ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		hvc_channel_call(TSR_HVC_CHANNEL(channel));
		n[i] = tsr_instructions() - t0 - cost;
	}
	report("vmm_channel_roundtrip", "a guest's call through a direct channel to a native "
					"component (its event loop) and its empty reply, back");
}

/*
 * The signaller's signal to the first instruction of our interrupt handler: we sleep in
 * WFI, the signaller (below us) runs, writes its counter into the region and signals our
 * notify channel, which raises INTID 31 and wakes us. From its counter read, nothing
 * subtracted (as virq_inject and notify_to_higher count).
 */
static void virq_inject(unsigned channel, const struct vmm_bench_time *time)
{
	tsr_gic_dist_enable();
	if (!tsr_gic_redist_wake())
		fail("the redistributor stays asleep");
	tsr_gic_enable_irq(TSR_GUEST_INTID_NOTIFY, NOTIFY_PRIORITY);
	tsr_gic_cpu_enable();
	if (tsr_channel_signal(channel) < 0) /* ready: the signaller starts once we sleep */
		fail("cannot signal the signaller");
	for (int i = 0; i < VMM_BENCH_ROUNDS; i++) {
		unsigned intid = 0;
		unsigned long arrived = vmm_bench_irq_wait(&intid);
		if (intid != TSR_GUEST_INTID_NOTIFY)
			fail("an interrupt other than the notification's");
		n[i] = arrived - time->t0;
	}
	report("vmm_virq_inject", "a native component's signal on a notify channel to the first "
				  "instruction of the guest's interrupt handler (the guest asleep "
				  "in WFI)");
}

/* Channel `label`'s id, or region `label`'s IPA, from the device tree. */
static uint64_t find(const struct tsr_fdt *t, const char *compatible, const char *label)
{
	uint64_t reg, size;
	if (!tsr_fdt_reg(t, tsr_fdt_find(t, compatible, label), 0, &reg, &size))
		fail("a channel or region is missing from the device tree");
	return reg;
}

void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	if (!tsr_fdt_open(&t, dtb, DTB_MAX))
		fail("no device tree");
	server = (unsigned)find(&t, TSR_DT_CHANNEL, "server");
	unsigned virq = (unsigned)find(&t, TSR_DT_CHANNEL, "virq");
	const struct vmm_bench_time *time =
	    (const struct vmm_bench_time *)find(&t, TSR_DT_REGION, "virq_time");
	cost = tsr_instructions_cost();
	hvc_roundtrip();
	mmio_roundtrip();
	channel_roundtrip(server);
	virq_inject(virq, time);
	end(0);
}

void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	tsr_console_printf("vmm_bench_guest: exception %lu: ESR %#lx, ELR %#lx, FAR %#lx\n", kind,
			   esr, elr, far);
	end(1);
}
