/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The proving guest: a bare-metal paravirtual guest that uses every part of the guest ABI
 * once and counts what works: the console (output, and input where asked), every SMCCC
 * and PSCI call, an SMC, the calls no one answers, the virtual GIC and timer, a channel
 * call, POLL, the initrd (where /chosen names one), the block and network drivers'
 * rings (where the device tree has them), a second vCPU (where the
 * device tree has two: PSCI CPU_ON and CPU_OFF, SGIs both ways), and the result to the
 * "echo" server. Written only against tessera/guest.h, drivers/blk.h and drivers/net.h;
 * docs/porting-a-guest.md follows it. Boot arguments: instance=N (its name in every
 * line), mode=crash (a store where nothing is mapped, right after its first line: its
 * VMM stops it), input=line (it asks for INPUT_LINE on its console and reads it: the
 * test types it). Its first boot ends in a PSCI SYSTEM_RESET when "echo" counts boots
 * (tests/systems/vm/monitor.c).
 */
#include "proving.h"

unsigned long instance;
/* The same IPA in every instance (one image): only separate memory keeps each value. */
static volatile unsigned long marker;
static unsigned passed, failed;
uint64_t hz;	      /* the virtual counter's frequency */
unsigned gic_version; /* 3, or 2 on a GICv2 board (tsr_gic_init) */

/* Kept by the IRQ handler. vCPU 0 takes the timer and notifications; every vCPU
 * writes only its own entries of the arrays (indexed by tsr_cpu_index()). */
volatile unsigned ticks;		       /* virtual timer interrupts */
volatile unsigned long notified;	       /* TSR_HVC_POLL bits */
static volatile unsigned console_irqs;	       /* INTID 32: input waits */
volatile unsigned sgis[TSR_GUEST_VCPUS_MAX];   /* bit n: SGI n taken */
volatile unsigned strays[TSR_GUEST_VCPUS_MAX]; /* other interrupts */

void say(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	tsr_console_printf("guest %lu: ", instance);
	tsr_console_vprintf(format, ap);
	tsr_console_puts("\n");
	va_end(ap);
}

bool check(bool ok, const char *what)
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
bool channel(const struct tsr_fdt *t, const char *label, unsigned *id)
{
	uint64_t reg, unused;
	if (!tsr_fdt_reg(t, tsr_fdt_find(t, TSR_DT_CHANNEL, label), 0, &reg, &unused) ||
	    reg >= TSR_VCPU_CHANNELS)
		return false;
	*id = (unsigned)reg;
	return true;
}

bool region(const struct tsr_fdt *t, const char *label, uint64_t *ipa, uint64_t *size)
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

uint32_t gicd_read(unsigned long offset) { return *(volatile uint32_t *)(TSR_GUEST_GICD + offset); }

/* A GICv2's CPU interface is the board's GICV, mapped: its loads are no exits. GICC_IIDR
 * names Arm (0x43b) as a GIC's does; GICC_DIR's page (+0x1000, write-only: read to see
 * that it is mapped) would stop the guest if it were not. */
static void test_gicc(uint64_t gicc)
{
	uint32_t iidr = *(volatile uint32_t *)(gicc + 0xfc);
	(void)*(volatile uint32_t *)(gicc + 0x1000);
	say("GICC_IIDR %#x", iidr);
	check((iidr & 0xfff) == 0x43b,
	      "GICv2: the CPU interface is the board's virtual one, both pages mapped");
}

static void test_device_tree(const struct tsr_fdt *t)
{
	uint64_t gicd, gicr, size;
	gic_version = tsr_gic_init(t);
	int gic = tsr_fdt_find(t, gic_version == 2 ? "arm,cortex-a15-gic" : "arm,gic-v3", NULL);
	bool regs = tsr_fdt_reg(t, gic, 0, &gicd, &size) && tsr_fdt_reg(t, gic, 1, &gicr, &size);
	if (gic_version == 2) {
		check(regs && gicd == TSR_GUEST_GICD && gicr == TSR_GUEST_GICC &&
			  size == TSR_GUEST_GICC_SIZE,
		      "device tree: GICv2 distributor and CPU interface (8 KiB) where hypercall.h "
		      "says");
		test_gicc(gicr);
	} else {
		check(regs && gicd == TSR_GUEST_GICD && gicr == TSR_GUEST_GICR,
		      "device tree: GICv3 distributor and redistributor where hypercall.h says");
	}
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
	if (gic_version == 2) /* GICD_CTLR, and vCPU 0's banked GICD_ISENABLER0 */
		check((gicd_read(0) & 1) && (gicd_read(0x100) >> 27 & 0x11) == 0x11,
		      "vGIC: GICv2 distributor on, PPIs 27 and 31 enabled in its banked "
		      "ISENABLER0");
	else
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
void sleep_ms(unsigned ms)
{
	unsigned seen = ticks;
	tsr_vtimer_set(hz * ms / 1000);
	while (ticks == seen)
		tsr_irq_wait();
}

/* Six SGIs to itself (GICD_SGIR, or a trapped ICC_SGI1R_EL1 write) while its IRQs are
 * masked, for four list registers: the VMM puts four in, and the other two wait for the
 * GIC's maintenance interrupt to say there is room (an exit to the VMM), which comes once
 * the guest has taken the first four. */
static void test_list_registers(void)
{
	const unsigned me = tsr_cpu_index(), want = 0xfcU; /* SGIs 2..7 */
	for (unsigned i = 2; i < 8; i++)
		tsr_gic_enable_irq(i, PRIORITY);
	sgis[me] &= ~want;
	for (unsigned i = 2; i < 8; i++)
		tsr_gic_send_sgi(i, (uint16_t)(1U << me));
	unsigned seen = ticks;
	tsr_vtimer_set(hz * WAIT_MS / 1000);
	while ((sgis[me] & want) != want && ticks == seen)
		tsr_irq_wait();
	tsr_vtimer_stop();
	const unsigned taken = sgis[me] & want;
	sgis[me] &= ~want; /* test_smp counts its own */
	say("list registers: SGIs taken %#x", taken);
	check(taken == want,
	      "vGIC: six SGIs for four list registers, all taken, two after waiting for room");
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
	test_list_registers();
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
