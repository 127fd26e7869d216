/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chaos_guest: a hostile guest, one scenario after another, each announced with
 * "chaos: <name> begins" and "chaos: <name> done"; a native peer at the VM's priority
 * prints heartbeats meanwhile (heartbeat.c), and the test expects one inside every
 * scenario. Deterministic: a fixed seed, and durations in virtual time (the test runs
 * QEMU with -icount shift=0,sleep=off).
 *
 * On its first boot it then makes its VMM (the vmm_test build) fault: the root manager
 * restarts the VMM by policy, which loads this guest again; the counter component
 * (a call channel labelled "counter") tells the guest which boot it is. On the second
 * it spins a while and makes the VMM fault again: past its restarts, the VMM stays
 * stopped and the root manager suspends this VM's vCPUs.
 *
 * bootargs: "hypercalls=N" (garbage hypercalls, default 1000000); "probe=IPA": touch
 * that unmapped IPA instead (the VMM must stop this guest and say where).
 */
#include <tessera/guest.h>

#define MS (62500UL) /* virtual-counter ticks (62.5 MHz) */

unsigned long chaos_el1_round(unsigned long count, unsigned long garbage);
unsigned long chaos_el0_round(unsigned long count);
extern char chaos_vectors[];

static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static unsigned long number(const char *args, const char *key, unsigned long fallback)
{
	for (const char *p = args; p && *p; p++) {
		unsigned i = 0;
		while (key[i] && p[i] == key[i])
			i++;
		if (key[i] || (p != args && p[-1] != ' '))
			continue;
		unsigned long v = 0;
		int base = p[i] == '0' && p[i + 1] == 'x' ? 16 : 10;
		for (p += i + (base == 16 ? 2 : 0);; p++) {
			unsigned d = *p >= '0' && *p <= '9'   ? (unsigned)(*p - '0')
				     : *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10)
							      : 99;
			if (d >= (unsigned)base)
				return v;
			v = v * (unsigned long)base + d;
		}
	}
	return fallback;
}

static bool after(uint64_t start, unsigned long ms)
{
	return tsr_vtimer_count() - start >= ms * MS;
}

/* A function ID that ends nothing: not PSCI's off, reset or CPU_OFF, not the console's
 * output (the test reads the console), not a channel the kernel serves, not the hook. */
static bool harmless(unsigned long fn)
{
	return fn != TSR_PSCI_SYSTEM_OFF && fn != TSR_PSCI_SYSTEM_RESET && fn != TSR_PSCI_CPU_OFF &&
	       fn != TSR_HVC_CONSOLE_WRITE && fn != TSR_HVC_TEST_FAULT_VMM &&
	       (fn < TSR_HVC_CHANNEL(0) || fn > TSR_HVC_CHANNEL(TSR_VCPU_CHANNELS - 1));
}

static void hypercalls(unsigned long n)
{
	static const unsigned long owners[] = {0x80000000UL, 0x84000000UL, 0x86000000UL,
					       0xc4000000UL, 0xc6000000UL};
	unsigned long answered = 0;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long a[6], fn;
		do { /* half anywhere, half in the SMCCC ranges that are answered */
			fn = rnd();
			if (i & 1)
				fn = owners[fn % 5] | (fn >> 8 & 0xffff);
		} while (!harmless(fn));
		for (unsigned k = 0; k < 6; k++)
			a[k] = rnd();
		struct tsr_hvc_result r = i % 8 == 7 ? tsr_smc(fn, a) : tsr_hvc(fn, a);
		answered += r.x0 != TSR_SMCCC_NOT_SUPPORTED;
	}
	tsr_console_printf("chaos: hypercalls done (%lu made, %lu answered other than -1)\n", n,
			   answered);
}

/* Loads and stores of every width at random aligned offsets of the distributor and the
 * redistributor, random values; the guest's own alignment faults skipped. */
static void gic(unsigned long ms)
{
	unsigned long n = 0, sum = 0;
	for (uint64_t start = tsr_vtimer_count(); !after(start, ms); n++) {
		uint64_t r = rnd();
		unsigned width = 1U << (r & 3);
		unsigned long base = r >> 2 & 1 ? TSR_GUEST_GICR : TSR_GUEST_GICD,
			      size = base == TSR_GUEST_GICR ? TSR_GUEST_GICR_STRIDE
							    : TSR_GUEST_GICD_SIZE,
			      ipa = base + ((r >> 8) % size & ~(unsigned long)(width - 1));
		uint64_t v = rnd();
		volatile void *p = (volatile void *)ipa;
		bool write = r >> 3 & 1;
		switch (width) {
		case 1:
			if (write)
				*(volatile uint8_t *)p = (uint8_t)v;
			else
				sum += *(volatile uint8_t *)p;
			break;
		case 2:
			if (write)
				*(volatile uint16_t *)p = (uint16_t)v;
			else
				sum += *(volatile uint16_t *)p;
			break;
		case 4:
			if (write)
				*(volatile uint32_t *)p = (uint32_t)v;
			else
				sum += *(volatile uint32_t *)p;
			break;
		default:
			if (write)
				*(volatile uint64_t *)p = v;
			else
				sum += *(volatile uint64_t *)p;
		}
	}
	tsr_console_printf("chaos: gic done (%lu accesses)\n", n);
	(void)sum;
}

static void instructions(unsigned long ms)
{
	unsigned long el1 = 0, el0 = 0, rounds = 0;
	for (uint64_t start = tsr_vtimer_count(); !after(start, ms); rounds++) {
		el1 = chaos_el1_round(el1, rnd());
		el0 = chaos_el0_round(el0);
	}
	tsr_console_printf("chaos: instructions done (%lu rounds, %lu exceptions at EL1, %lu "
			   "from EL0)\n",
			   rounds, el1, el0);
}

/* Before chaos_vectors (and on vCPU 1): not expected. */
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	tsr_console_printf("chaos: unexpected exception %lu, ESR %#lx at %#lx (FAR %#lx)\n", kind,
			   esr, elr, far);
	tsr_psci_system_off();
}

void guest_secondary(unsigned long context)
{
	(void)context;
	tsr_psci_cpu_off();
}

static void cpu_on(unsigned long ms)
{
	unsigned long n = 0, started = 0;
	for (uint64_t start = tsr_vtimer_count(); !after(start, ms); n++) {
		uint64_t r = rnd();
		unsigned long target = r & 1 ? rnd() : r >> 1 & 7,
			      entry = r & 6 ? rnd() : (unsigned long)guest_secondary_entry;
		if ((r & 0x30) == 0) /* in RAM but not aligned */
			entry = (unsigned long)guest_secondary_entry + (r >> 8 & 3) + 1;
		started += tsr_psci_cpu_on(target, entry, rnd()) == TSR_PSCI_SUCCESS;
		tsr_psci_affinity_info(rnd() & 15);
	}
	tsr_console_printf("chaos: cpu_on done (%lu calls, %lu vCPUs started)\n", n, started);
}

static void masked(unsigned long ms)
{
	uint64_t start = tsr_vtimer_count(); /* interrupts are masked throughout */
	while (!after(start, ms))
		;
	tsr_console_puts("chaos: masked done\n");
}

static void storm(unsigned long ms, unsigned peer)
{
	const unsigned long none[6] = {0};
	unsigned long n = 0;
	for (uint64_t start = tsr_vtimer_count(); !after(start, ms); n++) {
		tsr_hvc(0xc2001234UL, none); /* through the VMM */
		tsr_channel_signal(peer);    /* answered by the kernel */
	}
	tsr_console_printf("chaos: storm done (%lu rounds)\n", n);
}

static unsigned long channel(const struct tsr_fdt *t, const char *label)
{
	uint64_t ch = ~0UL, unused;
	if (!tsr_fdt_reg(t, tsr_fdt_find(t, TSR_DT_CHANNEL, label), 0, &ch, &unused)) {
		tsr_console_printf("chaos: no channel labelled %s\n", label);
		tsr_psci_system_off();
	}
	return ch;
}

void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	const unsigned long none[6] = {0};
	if (!tsr_fdt_open(&t, dtb, 2UL << 20))
		tsr_psci_system_off();
	const char *args = tsr_fdt_bootargs(&t);
	unsigned long probe = number(args, "probe=", 0);
	if (probe) {
		tsr_console_printf("chaos: touching IPA %#lx\n", probe);
		tsr_console_printf("chaos: read %#lx: containment broken\n",
				   *(volatile unsigned long *)probe);
		tsr_psci_system_off();
	}
	struct tsr_guest_msg m = {.label = 1, .length = 0};
	unsigned long peer = channel(&t, "peer"), counter = channel(&t, "counter");
	long err = tsr_channel_call((unsigned)counter, &m);
	tsr_console_printf("chaos: boot %lu\n", err ? 0 : m.label);
	if (err || m.label != 1) { /* back after the VMM's restart: a while, then its end */
		tsr_console_puts("chaos: masked begins\n");
		masked(100);
		tsr_console_puts("chaos: making the VMM fault again\n");
		tsr_hvc(TSR_HVC_TEST_FAULT_VMM, none);
		tsr_console_puts(
		    "chaos: the VMM answered the fault hook: containment not tested\n");
		tsr_psci_system_off();
	}
	__asm__ volatile("msr vbar_el1, %0; isb" ::"r"(chaos_vectors));
	tsr_console_puts("chaos: hypercalls begins\n");
	hypercalls(number(args, "hypercalls=", 1000000));
	tsr_console_puts("chaos: gic begins\n");
	gic(150);
	tsr_console_puts("chaos: instructions begins\n");
	instructions(150);
	tsr_console_puts("chaos: cpu_on begins\n");
	cpu_on(150);
	tsr_console_puts("chaos: masked begins\n");
	masked(150);
	tsr_console_puts("chaos: storm begins\n");
	storm(150, (unsigned)peer);
	tsr_console_puts("chaos: making the VMM fault\n");
	tsr_hvc(TSR_HVC_TEST_FAULT_VMM, none);
	tsr_console_puts("chaos: the VMM answered the fault hook: containment not tested\n");
	tsr_psci_system_off();
}
