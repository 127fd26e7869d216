/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hello_guest: the smallest guest that does something, and the place to start a port
 * (docs/porting-a-guest.md). It greets on the console, calls the native component at the
 * end of its channel labelled "greeter" with its name, then sleeps in WFI: its virtual
 * timer wakes it once a second, and console input (INTID 32) with a line it answers in
 * capitals; the line "off" powers the VM off (PSCI SYSTEM_OFF). Written only against
 * tessera/guest.h, with the library's start code (tessera_guest_program): that calls
 * guest_main with the device tree, and guest_trap for every exception.
 * examples/vm/system.toml runs it beside native components.
 */
#include <mem.h>
#include <tessera/guest.h>

#define DTB_MAX (2UL << 20) /* the arm64 boot protocol's limit */
#define PRIORITY 0x80	    /* of the interrupts it takes */
#define GREET 1		    /* the label of a call to the greeter (examples/vm/greeter.c) */
#define UPTIME_EVERY 10	    /* seconds between two "up N s" lines, after the first */
#define LINE_MAX 80	    /* bytes of a typed line kept; the rest is dropped */
#define MODEL "Tessera VM " /* the device tree's model: this, then the VM's name */
#define DEL 0x7f	    /* what Backspace sends */

static uint64_t hz;		       /* the virtual timer's ticks a second */
static volatile unsigned long seconds; /* its interrupts so far */
static volatile bool input;	       /* INTID 32 came: console input waits */
static const char *name = "a guest";   /* the VM's name in the manifest */
static char line[LINE_MAX + 1];	       /* the line being typed */
static unsigned long length;

/* Every exception comes here, with IRQs masked. An interrupt is acknowledged and ended
 * (one by one until none is left); anything else is a bug in this guest. */
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far)
{
	if (kind != TSR_TRAP_IRQ) {
		tsr_console_printf("hello: exception %lu: ESR %#lx, ELR %#lx, FAR %#lx\n", kind,
				   esr, elr, far);
		tsr_psci_system_off();
	}
	for (unsigned intid; (intid = tsr_gic_ack()) < 1020; tsr_gic_end(intid)) {
		if (intid == TSR_GUEST_INTID_VTIMER) {
			seconds++;
			tsr_vtimer_set(hz); /* it fires once: set it again for the next second */
		} else if (intid == TSR_GUEST_INTID_CONSOLE) {
			input = true;
		}
	}
}

/* Call the native greeter: our name in the message's words, its answer in the reply's. */
static void greet(const struct tsr_fdt *t)
{
	uint64_t channel, unused;
	if (!tsr_fdt_reg(t, tsr_fdt_find(t, TSR_DT_CHANNEL, "greeter"), 0, &channel, &unused)) {
		tsr_console_puts("hello: no channel labelled \"greeter\" in my device tree\n");
		return;
	}
	struct tsr_guest_msg m = {.label = GREET};
	const unsigned long n = strnlen(name, sizeof(m.w) - 1);
	memcpy(m.w, name, n); /* the bytes in order (little-endian words), NUL-padded */
	m.length = n / 8 + 1;
	char reply[sizeof(m.w) + 1] = {0};
	long r = tsr_channel_call((unsigned)channel, &m); /* blocks until the greeter replies */
	if (r == 0 && m.label == GREET) {
		memcpy(reply, m.w, sizeof(m.w));
		tsr_console_printf("hello: the greeter answered \"%s\"\n", reply);
	} else {
		tsr_console_printf("hello: the call failed (%ld, reply label %lu)\n", r, m.label);
	}
}

/* A whole line was typed: answer it, or power off. */
static void answer(void)
{
	if (!strcmp(line, "off")) {
		tsr_console_puts("hello: powering off\n");
		tsr_psci_system_off(); /* returns only if the VMM refuses */
		return;
	}
	char capitals[LINE_MAX + 1];
	for (unsigned long i = 0; i <= length; i++)
		capitals[i] =
		    line[i] >= 'a' && line[i] <= 'z' ? (char)(line[i] - 'a' + 'A') : line[i];
	tsr_console_printf("hello: \"%s\" in capitals: \"%s\" (%lu s after boot)\n", line, capitals,
			   seconds);
}

/* Read all the input that waits (24 bytes a call), answering each line as it ends. It
 * comes as typed, without echo or editing: the line ends with CR (Enter) or LF. */
static void read_input(void)
{
	char chunk[TSR_CONSOLE_READ_MAX];
	long n;
	while ((n = tsr_console_read(chunk)) > 0) {
		for (long i = 0; i < n; i++) {
			if (chunk[i] == '\r' || chunk[i] == '\n') {
				if (length > 0)
					answer();
				length = 0;
			} else if (chunk[i] == DEL || chunk[i] == '\b') {
				length -= length > 0;
			} else if (length < LINE_MAX) {
				line[length++] = chunk[i];
			}
			line[length] = 0;
		}
	}
}

void guest_main(const void *dtb)
{
	struct tsr_fdt t;
	if (!tsr_fdt_open(&t, dtb, DTB_MAX)) {
		tsr_console_printf("hello: no device tree at %p\n", dtb);
		tsr_psci_system_off();
	}
	const char *model = tsr_fdt_string(&t, tsr_fdt_path(&t, "/"), "model");
	if (model && !memcmp(model, MODEL, sizeof(MODEL) - 1))
		name = model + sizeof(MODEL) - 1;
	tsr_console_printf(
	    "hello: Hello from a virtual machine! I am VM \"%s\", at EL1 on Tessera\n", name);
	greet(&t);

	/* The interrupts it takes: the virtual timer (a PPI, on our redistributor, or banked
	 * in a GICv2's distributor) and the console's input (an SPI, on the distributor). */
	tsr_gic_init(&t);
	tsr_gic_dist_enable();
	tsr_gic_redist_wake();
	tsr_gic_enable_irq(TSR_GUEST_INTID_VTIMER, PRIORITY);
	tsr_gic_enable_irq(TSR_GUEST_INTID_CONSOLE, PRIORITY);
	tsr_gic_cpu_enable();
	hz = tsr_vtimer_frequency();
	tsr_vtimer_set(hz);
	tsr_console_puts(
	    "hello: type a line and I answer it in capitals (\"off\" powers me off)\n");

	/* IRQs stay masked here: check for work, then sleep until an interrupt (the trap
	 * handler runs inside tsr_irq_wait), so that no wake-up is lost in between. */
	unsigned long seen = 0;
	for (;;) {
		while (!input && seconds == seen)
			tsr_irq_wait();
		if (seconds != seen) {
			seen = seconds;
			if (seen == 1 || seen % UPTIME_EVERY == 0)
				tsr_console_printf("hello: up %lu s\n", seen);
		}
		if (input) {
			input = false;
			read_input();
		}
	}
}
