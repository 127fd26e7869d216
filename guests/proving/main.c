/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The proving guest: a bare-metal paravirtual guest that uses every part of the guest ABI
 * once and counts what works: the console (output, and input where asked), every SMCCC
 * and PSCI call, an SMC, the calls no one answers, the virtual GIC and timer, a channel
 * call, POLL, the initrd (where /chosen names one), the block and network drivers'
 * rings (the network only where the device tree has one), a second vCPU (where the
 * device tree has two: PSCI CPU_ON and CPU_OFF, SGIs both ways), and the result to the
 * "echo" server. Written only against tessera/guest.h, drivers/blk.h and drivers/net.h;
 * docs/porting-a-guest.md follows it. Boot arguments: instance=N (its name in every
 * line), mode=crash (a store where nothing is mapped, right after its first line: its
 * VMM stops it), input=line (it asks for INPUT_LINE on its console and reads it: the
 * test types it). Its first boot ends in a PSCI SYSTEM_RESET when "echo" counts boots
 * (tests/systems/vm/monitor.c).
 */
#include <drivers/blk.h>
#include <drivers/net.h>
#include <tessera/guest.h>

#define DTB_MAX (2UL << 20)	  /* the arm64 boot protocol's limit */
#define CRASH_IPA 0x10000000UL	  /* nothing is mapped there */
#define PRIORITY 0x80		  /* of the interrupts it enables */
#define TICKS 3			  /* virtual timer interrupts to take */
#define TICK_MS 2		  /* apart */
#define WAIT_MS 2000		  /* for a driver's answer */
#define ECHO_LABEL 1		  /* "echo": each word + 1 */
#define RESULT_LABEL 2		  /* "echo": w0 passed, w1 failed, w2 instance */
#define BOOTS_LABEL 3		  /* "echo": w0 = the boots of this guest so far */
#define BLK_SECTOR_BASE 2048	  /* its sector: this + instance */
#define BLK_READ_OFFSET 4096	  /* in blk-data: the write buffer is at 0 */
#define BLK_TIMED_OUT 0xffffffffU /* no completion came */
#define NET_BUFFER_SIZE 2048	  /* net-data in buffers: 0 to send, then to receive into */
#define NET_RX_BUFFERS 8	  /* 1..8 */
#define SGI_TO_BOOT 0		  /* vCPU 1 to vCPU 0: it runs */
#define SGI_TO_SECONDARY 1	  /* vCPU 0 to vCPU 1: turn yourself off */
#define PAGE 4096UL
/* What tests/qemu/guests.cmake types at the prompt, then LF: 45 bytes, over 24 */
#define INPUT_LINE "the quick brown fox jumps over the lazy guest"
#define INPUT_MAX 64	    /* bytes of a line typed on the console */
#define INPUT_WAIT_MS 10000 /* for it to come: the test types at once, but hosts get busy */
#define INITRD_FIRST "TESSERA-INITRD\n"		/* tests/systems/vm/initrd.txt: its first line */
#define INITRD_LAST "\nEND OF TESSERA-INITRD\n" /* and its last */
#define SMCCC_ARCH_WORKAROUND_1 0x80008000UL	/* SMCCC 1.1: the Spectre-v2 workaround */
#define UNKNOWN_FUNCTION 0xc600ffffUL		/* in Tessera's range, but no call */

/* Frames on QEMU's user-mode network: byte offsets in Ethernet, ARP, IPv4 and ICMP. */
#define OUR_IP 0x0a00020fU     /* 10.0.2.15 */
#define GATEWAY_IP 0x0a000202U /* 10.0.2.2, QEMU itself */
#define ETH_TO 0
#define ETH_FROM 6
#define ETH_TYPE 12
#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define ARP 14
#define ARP_OP (ARP + 6)
#define ARP_FROM_MAC (ARP + 8)
#define ARP_FROM_IP (ARP + 14)
#define ARP_TO_MAC (ARP + 18)
#define ARP_TO_IP (ARP + 24)
#define ARP_FRAME (ARP + 28)
#define IP 14 /* a header of 20 bytes */
#define IP_PROTOCOL (IP + 9)
#define IP_FROM (IP + 12)
#define IP_TO (IP + 16)
#define ICMP (IP + 20)
#define ICMP_HEADER 8
#define ECHO_FRAME (ICMP + ICMP_HEADER + 56)

static unsigned long instance;
/* The same IPA in every instance (one image): only separate memory keeps each value. */
static volatile unsigned long marker;
static unsigned passed, failed;
static uint64_t hz; /* the virtual counter's frequency */

/* Kept by the IRQ handler. vCPU 0 takes the timer and notifications; every vCPU
 * writes only its own entries of the arrays (indexed by tsr_cpu_index()). */
static volatile unsigned ticks;			      /* virtual timer interrupts */
static volatile unsigned long notified;		      /* TSR_HVC_POLL bits */
static volatile unsigned console_irqs;		      /* INTID 32: input waits */
static volatile unsigned sgis[TSR_GUEST_VCPUS_MAX];   /* bit n: SGI n taken */
static volatile unsigned strays[TSR_GUEST_VCPUS_MAX]; /* other interrupts */

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	tsr_console_printf("guest %lu: ", instance);
	tsr_console_vprintf(format, ap);
	tsr_console_puts("\n");
	va_end(ap);
}

static bool check(bool ok, const char *what)
{
	if (ok)
		passed++;
	else
		failed++;
	say("%s %s", ok ? "ok:  " : "FAIL:", what);
	return ok;
}

static void power_off(void)
{
	long r = tsr_psci_system_off();
	say("PSCI SYSTEM_OFF returned %ld", r);
	for (;;)
		tsr_irq_wait();
}

/* From the start code's vectors (libs/guest/src/start.S), with IRQs masked. */
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	if (kind != TSR_TRAP_IRQ) {
		say("unexpected exception (vector %lu): ESR %#lx, ELR %#lx, FAR %#lx", kind, esr,
		    elr, far);
		power_off();
	}
	const unsigned cpu = tsr_cpu_index(); /* < TSR_GUEST_VCPUS_MAX: start.S */
	for (unsigned intid; (intid = tsr_gic_ack()) < 1020; tsr_gic_end(intid)) {
		if (intid < 16) {
			sgis[cpu] |= 1U << intid;
		} else if (cpu == 0 && intid == TSR_GUEST_INTID_VTIMER) {
			ticks++;
			tsr_vtimer_stop(); /* one-shot: set again by whoever waits */
		} else if (cpu == 0 && intid == TSR_GUEST_INTID_NOTIFY) {
			notified |= tsr_poll();
		} else if (cpu == 0 && intid == TSR_GUEST_INTID_CONSOLE) {
			console_irqs++;
		} else {
			strays[cpu]++;
		}
	}
}

/* The value of `key=` in the boot arguments (its length in *len), NULL if absent. */
static const char *arg(const char *args, const char *key, unsigned long *len)
{
	while (args && *args) {
		const char *k = key, *a = args;
		while (*k && *a == *k)
			a++, k++;
		unsigned long n = 0;
		while (args[n] && args[n] != ' ')
			n++;
		if (!*k && *a == '=') {
			*len = n - (unsigned long)(a + 1 - args);
			return a + 1;
		}
		args += args[n] ? n + 1 : n;
	}
	return NULL;
}

static bool arg_is(const char *args, const char *key, const char *value)
{
	unsigned long n, i = 0;
	const char *v = arg(args, key, &n);
	while (v && i < n && value[i] == v[i])
		i++;
	return v && i == n && !value[n];
}

static unsigned long arg_number(const char *args, const char *key)
{
	unsigned long n, x = 0;
	const char *v = arg(args, key, &n);
	for (unsigned long i = 0; v && i < n && v[i] >= '0' && v[i] <= '9'; i++)
		x = x * 10 + (unsigned long)(v[i] - '0');
	return x;
}

/* A channel's id (its reg) and a region's IPA and size, by label. */
static bool channel(const struct tsr_fdt *t, const char *label, unsigned *id)
{
	uint64_t reg, unused;
	if (!tsr_fdt_reg(t, tsr_fdt_find(t, TSR_DT_CHANNEL, label), 0, &reg, &unused) ||
	    reg >= TSR_VCPU_CHANNELS)
		return false;
	*id = (unsigned)reg;
	return true;
}

static bool region(const struct tsr_fdt *t, const char *label, uint64_t *ipa, uint64_t *size)
{
	return tsr_fdt_reg(t, tsr_fdt_find(t, TSR_DT_REGION, label), 0, ipa, size);
}

/* An interrupt specifier <type number flags>: its INTID (type 1: PPI, 0: SPI). */
static unsigned intid_of(const struct tsr_fdt *t, int node)
{
	uint32_t type, n;
	if (!tsr_fdt_u32(t, node, "interrupts", 0, &type) ||
	    !tsr_fdt_u32(t, node, "interrupts", 1, &n))
		return 0;
	return (type == 1 ? 16 : 32) + n;
}

static void test_device_tree(const struct tsr_fdt *t)
{
	uint64_t gicd, gicr, size;
	int gic = tsr_fdt_find(t, "arm,gic-v3", NULL);
	check(tsr_fdt_reg(t, gic, 0, &gicd, &size) && tsr_fdt_reg(t, gic, 1, &gicr, &size) &&
		  gicd == TSR_GUEST_GICD && gicr == TSR_GUEST_GICR,
	      "device tree: GICv3 distributor and redistributor where hypercall.h says");
	int hyp = tsr_fdt_find(t, TSR_DT_HYPERVISOR, NULL);
	check(intid_of(t, hyp) == TSR_GUEST_INTID_NOTIFY,
	      "device tree: the hypervisor node, notifications on INTID 31");
	check(intid_of(t, tsr_fdt_find(t, TSR_DT_CONSOLE, NULL)) == TSR_GUEST_INTID_CONSOLE,
	      "device tree: the console node, input on INTID 32");
}

static void test_firmware(void)
{
	long psci = tsr_psci_version(), smccc = tsr_smccc_version();
	say("PSCI version %#lx, SMCCC version %#lx", psci, smccc);
	check(psci == 0x10000, "PSCI 1.0");
	check(tsr_psci_features(TSR_SMCCC_VERSION) == TSR_PSCI_SUCCESS && smccc == 0x10001,
	      "SMCCC 1.1 (discovered through PSCI_FEATURES)");
	check(tsr_smccc_is_tessera(), "SMCCC hypervisor UID: Tessera");
	check(tsr_psci_features(TSR_PSCI_SYSTEM_OFF) == TSR_PSCI_SUCCESS &&
		  tsr_psci_features(0x8400ffffUL) == TSR_PSCI_NOT_SUPPORTED,
	      "PSCI_FEATURES: SYSTEM_OFF yes, an unknown function no");

	const unsigned long workaround[6] = {SMCCC_ARCH_WORKAROUND_1};
	long features = tsr_hvc(TSR_SMCCC_ARCH_FEATURES, workaround).x0;
	long count = tsr_hvc(TSR_SMCCC_HYP_CALL_COUNT, NULL).x0;
	struct tsr_hvc_result revision = tsr_hvc(TSR_SMCCC_HYP_REVISION, NULL);
	long migrate = tsr_hvc(TSR_PSCI_MIGRATE_INFO_TYPE, NULL).x0;
	long unknown = tsr_hvc(UNKNOWN_FUNCTION, NULL).x0;
	say("SMCCC_ARCH_FEATURES(WORKAROUND_1) %ld, call count %ld, revision %ld.%lu, "
	    "MIGRATE_INFO_TYPE %ld, function %#lx: %ld",
	    features, count, revision.x0, revision.x1, migrate, UNKNOWN_FUNCTION, unknown);
	check(features == TSR_SMCCC_NOT_SUPPORTED,
	      "SMCCC_ARCH_FEATURES(SMCCC_ARCH_WORKAROUND_1): not needed (-1)");
	check(count == 4, "SMCCC hypervisor call count: 4");
	check(revision.x0 == 1 && revision.x1 == 0, "SMCCC hypervisor revision: 1.0");
	check(migrate == 2, "PSCI_MIGRATE_INFO_TYPE: 2 (no trusted OS)");
	check(unknown == TSR_SMCCC_NOT_SUPPORTED, "an unknown function ID: NOT_SUPPORTED (-1)");
	struct tsr_hvc_result smc = tsr_smc(TSR_PSCI_VERSION, NULL);
	check(smc.x0 == psci, "smc #0: PSCI_VERSION answered as over hvc");
}

/* A channel id (0..15) the device tree has no node for (its nodes are channel@<hex id>),
 * the highest; -1 if it has all 16. */
static int free_channel(const struct tsr_fdt *t)
{
	char path[] = "/hypervisor/channels/channel@f";
	for (int id = TSR_VCPU_CHANNELS - 1; id >= 0; id--) {
		path[sizeof(path) - 2] = "0123456789abcdef"[id];
		if (tsr_fdt_path(t, path) < 0)
			return id;
	}
	return -1;
}

/* The kernel's calls with nothing to do: a channel the VM does not have (it is then the
 * VMM's, which knows no such call), and POLL with nothing signalled. Run before any
 * driver has been asked for anything (drivers signal only what was asked), and the
 * first POLL takes whatever a signal left, so the second must return 0. */
static void test_idle_calls(const struct tsr_fdt *t)
{
	int id = free_channel(t);
	long r = id < 0 ? 0 : tsr_hvc(TSR_HVC_CHANNEL((unsigned)id), NULL).x0;
	unsigned long first = tsr_poll(), second = tsr_poll();
	notified |= first | second;
	say("TSR_HVC_CHANNEL(%d), no such channel: %ld; TSR_HVC_POLL: %#lx, then %#lx", id, r,
	    first, second);
	check(id >= 0 && r == TSR_SMCCC_NOT_SUPPORTED,
	      "TSR_HVC_CHANNEL of a channel it does not have: the VMM answers -1");
	check(second == 0, "TSR_HVC_POLL: 0 when nothing was signalled since the last poll");
}

/* The virtual GIC on, then TICKS timer interrupts TICK_MS apart, asleep in WFI. */
static void test_interrupts(void)
{
	tsr_gic_dist_enable();
	bool awake = tsr_gic_redist_wake();
	tsr_gic_enable_irq(TSR_GUEST_INTID_VTIMER, PRIORITY);
	tsr_gic_enable_irq(TSR_GUEST_INTID_NOTIFY, PRIORITY);
	tsr_gic_cpu_enable();
	check(awake, "vGIC: distributor on, redistributor awake, PPIs 27 and 31 enabled");

	hz = tsr_vtimer_frequency();
	const uint64_t gap = hz * TICK_MS / 1000;
	uint64_t last = tsr_vtimer_count(), shortest = UINT64_MAX;
	for (unsigned i = 0; hz && i < TICKS; i++) {
		unsigned seen = ticks;
		tsr_vtimer_set(gap);
		while (ticks == seen)
			tsr_irq_wait();
		uint64_t now = tsr_vtimer_count();
		shortest = now - last < shortest ? now - last : shortest;
		last = now;
	}
	say("timer: %lu Hz, %u interrupts, the shortest gap %lu ticks", (unsigned long)hz, ticks,
	    (unsigned long)shortest);
	check(hz && ticks == TICKS && shortest >= gap,
	      "virtual timer: 3 interrupts 2 ms apart, each taken from WFI");
}

/* Sleep in WFI for the next timer interrupt, ms from now. */
static void sleep_ms(unsigned ms)
{
	unsigned seen = ticks;
	tsr_vtimer_set(hz * ms / 1000);
	while (ticks == seen)
		tsr_irq_wait();
}

/* The console: a write over 40 bytes is refused, nothing to read before anything is
 * typed, and with input=line a line typed after the prompt: INTID 32 wakes us from WFI,
 * and TSR_HVC_CONSOLE_READ gives at most 24 bytes a call until the line ends. */
static void test_console(const char *args)
{
	const unsigned long too_long[6] = {TSR_CONSOLE_WRITE_MAX + 1}; /* the bytes: NULs */
	check(tsr_hvc(TSR_HVC_CONSOLE_WRITE, too_long).x0 == -TSR_EINVAL,
	      "console: TSR_HVC_CONSOLE_WRITE of 41 bytes: -TSR_EINVAL");
	char chunk[TSR_CONSOLE_READ_MAX];
	check(tsr_console_read(chunk) == 0, "console: TSR_HVC_CONSOLE_READ before any input: 0");
	if (!arg_is(args, "input", "line"))
		return;

	tsr_gic_enable_irq(TSR_GUEST_INTID_CONSOLE, PRIORITY);
	char line[INPUT_MAX];
	unsigned long length = 0, reads = 0;
	long n = 0;
	bool ended = false;
	unsigned irqs = console_irqs;
	say("console: type a line");
	while (!ended && n >= 0) {
		/* Asleep until INTID 32 (or INPUT_WAIT_MS pass), then read what waits: the first
		 * read follows an interrupt, however early the input came. */
		unsigned seen = ticks;
		tsr_vtimer_set(hz * INPUT_WAIT_MS / 1000);
		while (console_irqs == irqs && ticks == seen)
			tsr_irq_wait();
		tsr_vtimer_stop();
		if (console_irqs == irqs)
			break; /* nothing (more) was typed */
		irqs = console_irqs;
		while (!ended && (n = tsr_console_read(chunk)) > 0) {
			reads++;
			for (long i = 0; i < n && !ended; i++) {
				ended = chunk[i] == '\n' || chunk[i] == '\r';
				if (!ended && length < sizeof(line))
					line[length++] = chunk[i];
			}
		}
	}
	bool same = ended && length == sizeof(INPUT_LINE) - 1;
	for (unsigned long i = 0; same && i < length; i++)
		same = line[i] == INPUT_LINE[i];
	say("console: %lu bytes in %lu reads, %u interrupts, %s", length, reads, console_irqs,
	    ended ? "a whole line" : "no end of line");
	check(console_irqs > 0, "console: input raises INTID 32, taken from WFI");
	check(same && reads >= 2,
	      "console: TSR_HVC_CONSOLE_READ, 24 bytes at most a call: the line as typed");
}

/* An initrd, where /chosen names one (linux,initrd-start and -end, which its VMM fills
 * in): page-aligned in RAM, below the device tree, the file's bytes from its first line
 * to its last. */
static void test_initrd(const struct tsr_fdt *t, const void *dtb)
{
	uint32_t unused;
	uint64_t start = 0, end = 0, ram, ram_size;
	const int chosen = tsr_fdt_path(t, "/chosen");
	if (!tsr_fdt_prop(t, chosen, "linux,initrd-start", &unused) &&
	    !tsr_fdt_prop(t, chosen, "linux,initrd-end", &unused))
		return; /* none */
	bool placed = tsr_fdt_u64(t, chosen, "linux,initrd-start", &start) &&
		      tsr_fdt_u64(t, chosen, "linux,initrd-end", &end) &&
		      tsr_fdt_reg(t, tsr_fdt_path(t, "/memory"), 0, &ram, &ram_size) &&
		      start < end && start >= ram && end <= ram + ram_size && start % PAGE == 0 &&
		      end <= (uintptr_t)dtb;
	say("initrd: %#lx..%#lx (%lu bytes)", (unsigned long)start, (unsigned long)end,
	    (unsigned long)(end - start));
	if (!check(placed, "initrd: linux,initrd-start and -end in /chosen: page-aligned, in "
			   "RAM, below the device tree"))
		return;
	const char *p = (const char *)(uintptr_t)start;
	const unsigned long size = end - start, first = sizeof(INITRD_FIRST) - 1,
			    last = sizeof(INITRD_LAST) - 1;
	bool same = size >= first + last;
	for (unsigned long i = 0; same && i < first; i++)
		same = p[i] == INITRD_FIRST[i];
	for (unsigned long i = 0; same && i < last; i++)
		same = p[size - last + i] == INITRD_LAST[i];
	check(same, "initrd: the file's bytes, from \"TESSERA-INITRD\" to its last line");
}

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

static void test_smp(const struct tsr_fdt *t)
{
	const unsigned n = cpu_count(t);
	if (n < 2)
		return; /* one vCPU: nothing to test */
	uint64_t gicr, size;
	int gic = tsr_fdt_find(t, "arm,gic-v3", NULL);
	say("smp: %u vCPUs", n);
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
	      "smp: vCPU 1 has MPIDR affinity 0 = 1 and woke its own redistributor");
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

/* Boot 1 ends in PSCI SYSTEM_RESET; boot 2 (the VM started afresh) carries on. */
static void test_reset(unsigned echo)
{
	struct tsr_guest_msg m = {.label = BOOTS_LABEL};
	if (tsr_channel_call(echo, &m) || m.label != BOOTS_LABEL) {
		say("echo does not count boots: no reset");
		return;
	}
	if (m.w[0] == 1) {
		say("boot 1: PSCI SYSTEM_RESET");
		long r = tsr_psci_system_reset();
		say("PSCI SYSTEM_RESET returned %ld", r);
	}
	check(m.w[0] == 2, "PSCI SYSTEM_RESET: booted a second time, afresh");
}

static void test_echo(unsigned echo)
{
	struct tsr_guest_msg m = {ECHO_LABEL, 5, {instance, 1, 0xfffffffeUL, 1UL << 40, ~1UL}};
	const struct tsr_guest_msg sent = m;
	long r = tsr_channel_call(echo, &m);
	bool ok = r == 0 && m.label == ECHO_LABEL && m.length == 5;
	for (unsigned i = 0; i < 5; i++)
		ok &= m.w[i] == sent.w[i] + 1;
	say("echo: channel %u, result %ld, reply label %lu, %lu words", echo, r, m.label, m.length);
	check(ok, "channel call on \"echo\": label 1, five words, each back + 1");
}

/* A native driver's shared regions and channels, found by their labels. */
struct device {
	uint64_t ring, ring_size, data_size;
	volatile uint8_t *data; /* identity-mapped (start.S) */
	unsigned doorbell, control;
};
static struct device blk, net;
static struct tsr_ring blk_requests, blk_completions, net_rings[4];

static bool find_device(const struct tsr_fdt *t, const char *const labels[4], struct device *d)
{
	uint64_t data;
	if (!region(t, labels[0], &d->ring, &d->ring_size) ||
	    !region(t, labels[1], &data, &d->data_size) || !channel(t, labels[2], &d->doorbell) ||
	    !channel(t, labels[3], &d->control))
		return false;
	d->data = (volatile uint8_t *)data;
	return true;
}

/* Sleep until the driver rings the doorbell (its bit in TSR_HVC_POLL) or ms pass. */
static bool wait_doorbell(const struct device *d, unsigned ms)
{
	const unsigned long bit = 1UL << d->doorbell;
	unsigned seen = ticks;
	tsr_vtimer_set(hz * ms / 1000);
	while (!(notified & bit) && ticks == seen)
		tsr_irq_wait();
	tsr_vtimer_stop();
	bool rang = notified & bit;
	notified &= ~bit;
	return rang;
}

/* A slot to the driver on ring r, then the doorbell. False if the ring is full. */
static bool push(const struct device *d, struct tsr_ring *r, const void *slot)
{
	return tsr_ring_push(r, slot) && tsr_channel_signal(d->doorbell) == 0;
}

/* A slot from the driver on ring r, waiting for the doorbell while it is empty. False if
 * nothing came within WAIT_MS. */
static bool pop(const struct device *d, struct tsr_ring *r, void *slot)
{
	while (!tsr_ring_pop(r, slot))
		if (!wait_doorbell(d, WAIT_MS))
			return false;
	return true;
}

/* The block device through the native driver's rings: one sector, start to end: its
 * completion status. */
static uint32_t blk_one(uint32_t op, uint64_t sector, uint64_t offset, uint64_t id)
{
	const struct blk_request r = {
	    .op = op, .length = BLK_SECTOR, .sector = sector, .offset = offset, .id = id};
	struct blk_completion c;
	if (!push(&blk, &blk_requests, &r) || !pop(&blk, &blk_completions, &c))
		return BLK_TIMED_OUT;
	return c.id == id && c.length == BLK_SECTOR ? c.status : BLK_EIO;
}

static uint8_t pattern(unsigned long i) { return (uint8_t)(i * 31 + (i >> 8) + instance * 0x5b); }

static void test_blk(const struct tsr_fdt *t)
{
	static const char *const labels[4] = {"blk-ring", "blk-data", "blk-doorbell",
					      "blk-control"};
	const uint64_t sector = BLK_SECTOR_BASE + instance;
	if (!check(find_device(t, labels, &blk) && blk.ring_size >= BLK_RING_REGION &&
		       blk.data_size >= BLK_READ_OFFSET + BLK_SECTOR,
		   "device tree: regions blk-ring, blk-data, channels blk-doorbell, blk-control"))
		return;
	tsr_ring_attach(&blk_requests, (void *)blk.ring, BLK_RING_HALF, sizeof(struct blk_request));
	tsr_ring_attach(&blk_completions, (void *)(blk.ring + BLK_RING_HALF), BLK_RING_HALF,
			sizeof(struct blk_completion));

	struct tsr_guest_msg m = {.label = BLK_CALL_INFO};
	long r = tsr_channel_call(blk.control, &m);
	say("blk: %lu sectors of %lu bytes, flags %#lx", m.w[0], m.w[1], m.w[4]);
	if (!check(r == 0 && m.label == BLK_OK && m.length == 5 && m.w[1] == BLK_SECTOR &&
		       m.w[0] > sector && !(m.w[4] & BLK_INFO_READ_ONLY),
		   "blk: BLK_CALL_INFO, 512-byte sectors, writable"))
		return;
	m = (struct tsr_guest_msg){.label = BLK_CALL_RESET};
	check(tsr_channel_call(blk.control, &m) == 0 && m.label == BLK_OK, "blk: BLK_CALL_RESET");

	for (unsigned long i = 0; i < BLK_SECTOR; i++) {
		blk.data[i] = pattern(i);
		blk.data[BLK_READ_OFFSET + i] = 0xee;
	}
	uint32_t wrote = blk_one(BLK_WRITE, sector, 0, 1);
	uint32_t read = blk_one(BLK_READ, sector, BLK_READ_OFFSET, 2);
	unsigned long differ = 0;
	for (unsigned long i = 0; i < BLK_SECTOR; i++)
		differ += blk.data[BLK_READ_OFFSET + i] != pattern(i);
	say("blk: sector %lu written (status %u), read back (status %u), %lu bytes differ",
	    (unsigned long)sector, wrote, read, differ);
	check(wrote == BLK_OK && read == BLK_OK && !differ,
	      "blk: a sector written through the rings reads back the same");
}

/* The network device through the native driver's rings, on QEMU's user-mode network:
 * we are 10.0.2.15, and its gateway 10.0.2.2 answers ARP and ICMP echo. net-data holds
 * buffers of NET_BUFFER_SIZE bytes: 0 to send, 1..NET_RX_BUFFERS to receive into. */
static uint64_t our_mac, gateway_mac; /* as NET_CALL_INFO gives a MAC: byte 0 in bits 0..7 */

static volatile uint8_t *net_buffer(uint64_t i) { return net.data + i * NET_BUFFER_SIZE; }

/* n bytes of v at p: big-endian (network order), or little-endian for a MAC. */
static void put(volatile uint8_t *p, uint64_t v, unsigned n, bool mac)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> 8 * (mac ? i : n - 1 - i));
}

static uint64_t get(const volatile uint8_t *p, unsigned n, bool mac)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << 8 * (mac ? i : n - 1 - i);
	return v;
}

/* The Internet checksum (RFC 1071) of n bytes; 0 over bytes that hold theirs. */
static uint16_t inet_checksum(const volatile uint8_t *p, unsigned n)
{
	uint32_t sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t) ~(sum + (sum >> 16));
}

static void say_mac(const char *what, uint64_t mac)
{
	say("net: %s %02lx:%02lx:%02lx:%02lx:%02lx:%02lx", what, mac & 0xff, mac >> 8 & 0xff,
	    mac >> 16 & 0xff, mac >> 24 & 0xff, mac >> 32 & 0xff, mac >> 40 & 0xff);
}

static void ethernet(volatile uint8_t *f, uint64_t to, uint16_t type)
{
	put(f + ETH_TO, to, 6, true);
	put(f + ETH_FROM, our_mac, 6, true);
	put(f + ETH_TYPE, type, 2, false);
}

/* Buffer 0 to the driver (`length` bytes); true once it says it sent them. */
static bool net_send(uint32_t length)
{
	struct net_buffer b = {.offset = 0, .length = length};
	return push(&net, &net_rings[NET_TX], &b) && pop(&net, &net_rings[NET_TX_DONE], &b) &&
	       b.status == NET_OK;
}

/* Receive buffer i to the driver (the ring holds more than NET_RX_BUFFERS). */
static void net_post(uint64_t i)
{
	const struct net_buffer b = {
	    .id = i, .offset = i * NET_BUFFER_SIZE, .length = NET_BUFFER_SIZE};
	push(&net, &net_rings[NET_RX_FREE], &b);
}

/* Wait for a frame that `match` accepts; every receive buffer goes back to the driver. */
static bool net_receive(bool (*match)(const volatile uint8_t *frame, uint32_t length))
{
	struct net_buffer b;
	while (pop(&net, &net_rings[NET_RX], &b)) {
		if (b.id - 1 >= NET_RX_BUFFERS) /* not one of ours */
			continue;
		bool hit = b.status == NET_OK && match(net_buffer(b.id), b.length);
		net_post(b.id);
		if (hit)
			return true;
	}
	return false;
}

/* An ARP reply from 10.0.2.2 to us: where the gateway is. */
static bool is_arp_reply(const volatile uint8_t *f, uint32_t length)
{
	if (length < ARP_FRAME || get(f + ETH_TYPE, 2, false) != ETH_ARP ||
	    get(f + ARP_OP, 2, false) != 2 || get(f + ARP_FROM_IP, 4, false) != GATEWAY_IP ||
	    get(f + ARP_TO_MAC, 6, true) != our_mac || get(f + ARP_TO_IP, 4, false) != OUR_IP)
		return false;
	gateway_mac = get(f + ARP_FROM_MAC, 6, true);
	return true;
}

/* The echo reply to buffer 0's request: from 10.0.2.2, the same identifier, sequence and
 * payload, a valid checksum. */
static bool is_echo_reply(const volatile uint8_t *f, uint32_t length)
{
	const volatile uint8_t *sent = net_buffer(0);
	bool ok = length == ECHO_FRAME && get(f + ETH_TYPE, 2, false) == ETH_IP &&
		  f[IP_PROTOCOL] == 1 && get(f + IP_FROM, 4, false) == GATEWAY_IP &&
		  get(f + IP_TO, 4, false) == OUR_IP && f[ICMP] == 0 &&
		  get(f + ICMP + 4, 4, false) == get(sent + ICMP + 4, 4, false) &&
		  inet_checksum(f + ICMP, ECHO_FRAME - ICMP) == 0;
	for (unsigned i = ICMP + ICMP_HEADER; ok && i < ECHO_FRAME; i++)
		ok = f[i] == sent[i];
	return ok;
}

static void test_net(const struct tsr_fdt *t)
{
	static const char *const labels[4] = {"net-ring", "net-data", "net-doorbell",
					      "net-control"};
	if (tsr_fdt_find(t, TSR_DT_REGION, labels[0]) < 0)
		return; /* no network device */
	if (!check(find_device(t, labels, &net) && net.ring_size >= NET_RING_REGION &&
		       net.data_size >= NET_DATA_REGION,
		   "device tree: regions net-ring, net-data, channels net-doorbell, net-control"))
		return;
	for (unsigned i = 0; i < 4; i++)
		tsr_ring_attach(&net_rings[i], (void *)(net.ring + i * NET_RING_PART),
				NET_RING_PART, sizeof(struct net_buffer));
	struct tsr_guest_msg m = {.label = NET_CALL_INFO};
	long r = tsr_channel_call(net.control, &m);
	our_mac = m.w[0];
	say_mac("our MAC", our_mac);
	bool ok = r == 0 && m.label == NET_OK && m.length == 3 && our_mac &&
		  m.w[1] == NET_MAX_FRAME && m.w[2] == NET_DATA_REGION;
	m = (struct tsr_guest_msg){.label = NET_CALL_RESET};
	if (!check(ok && tsr_channel_call(net.control, &m) == 0 && m.label == NET_OK,
		   "net: NET_CALL_INFO (a MAC address), NET_CALL_RESET"))
		return;
	for (unsigned i = 1; i <= NET_RX_BUFFERS; i++)
		net_post(i);

	volatile uint8_t *f = net_buffer(0);
	ethernet(f, 0xffffffffffffULL, ETH_ARP);       /* to everyone */
	put(f + ARP, 0x0001080006040001ULL, 8, false); /* Ethernet, IPv4, a request */
	put(f + ARP_FROM_MAC, our_mac, 6, true);
	put(f + ARP_FROM_IP, OUR_IP, 4, false);
	put(f + ARP_TO_MAC, 0, 6, true);
	put(f + ARP_TO_IP, GATEWAY_IP, 4, false);
	bool arp = net_send(ARP_FRAME) && net_receive(is_arp_reply);
	say_mac("10.0.2.2 is at", gateway_mac);
	if (!check(arp, "net: ARP request for 10.0.2.2: a reply from 10.0.2.2 to our MAC"))
		return;

	ethernet(f, gateway_mac, ETH_IP);
	put(f + IP, 0x45000000 | (ECHO_FRAME - IP), 4, false); /* IPv4, 20 bytes of header */
	put(f + IP + 4, instance << 16, 4, false);	       /* identification, fragment 0 */
	put(f + IP + 8, 0x40010000, 4, false);		       /* TTL 64, ICMP, checksum 0 */
	put(f + IP_FROM, OUR_IP, 4, false);
	put(f + IP_TO, GATEWAY_IP, 4, false);
	put(f + IP + 10, inet_checksum(f + IP, ICMP - IP), 2, false);
	put(f + ICMP, 0x08000000, 4, false);	 /* echo request, code 0, checksum 0 */
	put(f + ICMP + 4, 0x54730001, 4, false); /* identifier, sequence 1 */
	for (unsigned i = ICMP + ICMP_HEADER; i < ECHO_FRAME; i++)
		f[i] = pattern(i);
	put(f + ICMP + 2, inet_checksum(f + ICMP, ECHO_FRAME - ICMP), 2, false);
	check(net_send(ECHO_FRAME) && net_receive(is_echo_reply),
	      "net: ICMP echo to 10.0.2.2 answered, payload intact");
}

void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	unsigned echo = 0;
	const bool dt = tsr_fdt_open(&t, dtb, DTB_MAX);
	const char *args = dt ? tsr_fdt_bootargs(&t) : NULL;
	instance = arg_number(args, "instance");
	marker = instance * 0x1111; /* each VM has its own: checked at the end */
	say("proving guest, device tree at %p%s, bootargs \"%s\"", dtb, dt ? "" : " (invalid)",
	    args ? args : "");
	if (arg_is(args, "mode", "crash")) {
		*(volatile uint32_t *)CRASH_IPA = 0xdead; /* its VMM stops it here */
		check(false, "mode=crash: still running after a store to an unmapped IPA");
	}
	if (check(dt, "device tree: a valid blob at x0"))
		test_device_tree(&t);
	bool have_echo = dt && channel(&t, "echo", &echo);
	if (check(have_echo, "device tree: channel \"echo\""))
		test_reset(echo);
	test_firmware();
	if (dt)
		test_idle_calls(&t);
	test_interrupts();
	test_console(args);
	if (dt) {
		test_initrd(&t, dtb);
		test_smp(&t);
	}
	if (have_echo)
		test_echo(echo);
	if (dt) {
		test_blk(&t);
		test_net(&t);
	}
	for (unsigned i = 0; i < TSR_GUEST_VCPUS_MAX; i++)
		if (strays[i])
			say("vCPU %u: %u unexpected interrupts", i, strays[i]);

	say("isolation: the variable at %p holds %#lx", (void *)&marker, marker);
	check(marker == instance * 0x1111,
	      "isolation: a variable at the same IPA as the other guests' kept its value");
	say("%u passed, %u failed", passed, failed);
	struct tsr_guest_msg m = {RESULT_LABEL, 3, {passed, failed, instance}};
	if (have_echo && (tsr_channel_call(echo, &m) || m.label != 0))
		say("the result was not acknowledged (reply label %lu)", m.label);
	power_off();
}
