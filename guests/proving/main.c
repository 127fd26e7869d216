/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The proving guest: a bare-metal paravirtual guest that uses every part of the guest ABI
 * once and counts what works: the console, SMCCC and PSCI, the virtual GIC and timer, a
 * channel call, the block driver's rings, and the result to the "echo" server. Written
 * only against tessera/guest.h and drivers/blk.h; docs/porting-a-guest.md follows it.
 * Boot arguments: instance=N (its name in every line), mode=crash (a store where
 * nothing is mapped, right after its first line: its VMM stops it). Its first boot
 * ends in a PSCI SYSTEM_RESET when "echo" counts boots (tests/systems/vm/monitor.c).
 */
#include <drivers/blk.h>
#include <tessera/guest.h>

#define DTB_MAX (2UL << 20)	  /* the arm64 boot protocol's limit */
#define CRASH_IPA 0x10000000UL	  /* nothing is mapped there */
#define PRIORITY 0x80		  /* of the interrupts it enables */
#define TICKS 3			  /* virtual timer interrupts to take */
#define TICK_MS 2		  /* apart */
#define WAIT_MS 2000		  /* for a block completion */
#define ECHO_LABEL 1		  /* "echo": each word + 1 */
#define RESULT_LABEL 2		  /* "echo": w0 passed, w1 failed, w2 instance */
#define BOOTS_LABEL 3		  /* "echo": w0 = the boots of this guest so far */
#define BLK_SECTOR_BASE 2048	  /* its sector: this + instance */
#define BLK_READ_OFFSET 4096	  /* in blk-data: the write buffer is at 0 */
#define TRAP_IRQ 5		  /* start.S's vector kinds: IRQ at EL1 with SP_EL1 */
#define BLK_TIMED_OUT 0xffffffffU /* no completion came */

static unsigned long instance;
static unsigned passed, failed;
static uint64_t hz; /* the virtual counter's frequency */

/* Kept by the IRQ handler. */
static volatile unsigned ticks;		/* virtual timer interrupts */
static volatile unsigned long notified; /* TSR_HVC_POLL bits */
static volatile unsigned strays;	/* other interrupts */

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

/* From start.S's vectors, with IRQs masked. */
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far);
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	if (kind != TRAP_IRQ) {
		say("unexpected exception (vector %lu): ESR %#lx, ELR %#lx, FAR %#lx", kind, esr,
		    elr, far);
		power_off();
	}
	for (unsigned intid; (intid = tsr_gic_ack()) < 1020; tsr_gic_end(intid)) {
		if (intid == TSR_GUEST_INTID_VTIMER) {
			ticks++;
			tsr_vtimer_stop(); /* one-shot: set again by whoever waits */
		} else if (intid == TSR_GUEST_INTID_NOTIFY) {
			notified |= tsr_poll();
		} else {
			strays++;
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

/* The block device through the native driver's rings. */
static struct {
	struct tsr_ring requests, completions;
	unsigned doorbell, control;
	volatile uint8_t *data;
} blk;

/* Sleep until the driver rings our doorbell (its bit in TSR_HVC_POLL) or ms pass. */
static bool wait_doorbell(unsigned ms)
{
	const unsigned long bit = 1UL << blk.doorbell;
	unsigned seen = ticks;
	tsr_vtimer_set(hz * ms / 1000);
	while (!(notified & bit) && ticks == seen)
		tsr_irq_wait();
	tsr_vtimer_stop();
	bool rang = notified & bit;
	notified &= ~bit;
	return rang;
}

/* One sector, start to end: its completion status. */
static uint32_t blk_one(uint32_t op, uint64_t sector, uint64_t offset, uint64_t id)
{
	const struct blk_request r = {
	    .op = op, .length = BLK_SECTOR, .sector = sector, .offset = offset, .id = id};
	struct blk_completion c;
	if (!tsr_ring_push(&blk.requests, &r))
		return BLK_TIMED_OUT;
	tsr_channel_signal(blk.doorbell);
	while (!tsr_ring_pop(&blk.completions, &c))
		if (!wait_doorbell(WAIT_MS))
			return BLK_TIMED_OUT;
	return c.id == id && c.length == BLK_SECTOR ? c.status : BLK_EIO;
}

static uint8_t pattern(unsigned long i) { return (uint8_t)(i * 31 + (i >> 8) + instance * 0x5b); }

static void test_blk(const struct tsr_fdt *t)
{
	uint64_t ring, ring_size, data, data_size;
	const uint64_t sector = BLK_SECTOR_BASE + instance;
	bool found =
	    region(t, "blk-ring", &ring, &ring_size) && region(t, "blk-data", &data, &data_size) &&
	    channel(t, "blk-doorbell", &blk.doorbell) && channel(t, "blk-control", &blk.control);
	if (!check(found && ring_size >= BLK_RING_REGION &&
		       data_size >= BLK_READ_OFFSET + BLK_SECTOR,
		   "device tree: regions blk-ring, blk-data, channels blk-doorbell, blk-control"))
		return;
	blk.data = (volatile uint8_t *)data; /* identity-mapped (start.S) */
	tsr_ring_attach(&blk.requests, (void *)ring, BLK_RING_HALF, sizeof(struct blk_request));
	tsr_ring_attach(&blk.completions, (void *)(ring + BLK_RING_HALF), BLK_RING_HALF,
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

void guest_main(const void *dtb);
void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	unsigned echo = 0;
	const bool dt = tsr_fdt_open(&t, dtb, DTB_MAX);
	const char *args = dt ? tsr_fdt_bootargs(&t) : NULL;
	instance = arg_number(args, "instance");
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
	test_interrupts();
	if (have_echo)
		test_echo(echo);
	if (dt)
		test_blk(&t);
	if (strays)
		say("%u unexpected interrupts", strays);

	say("%u passed, %u failed", passed, failed);
	struct tsr_guest_msg m = {RESULT_LABEL, 3, {passed, failed, instance}};
	if (have_echo && (tsr_channel_call(echo, &m) || m.label != 0))
		say("the result was not acknowledged (reply label %lu)", m.label);
	power_off();
}
