/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-side library: what a guest OS at EL1 needs to run on Tessera. */
#ifndef TESSERA_GUEST_H
#define TESSERA_GUEST_H

/*
 * Freestanding (link tessera_guest; no Tessera system calls): hypercalls (console,
 * channels, PSCI, SMCCC), a read-only device-tree reader, GICv3 and virtual-timer helpers,
 * and the rings native drivers share (tessera/ring.h). docs/porting-a-guest.md walks
 * through them with the proving guest (guests/proving) as the example.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tessera/hypercall.h>
#include <tessera/ring.h>

/* --- Start-up (src/start.S and guest.ld; CMake: tessera_guest_program) --- */

/*
 * A guest built with tessera_guest_program(NAME SOURCES...) is linked at 0x40080000 with
 * an arm64 Image header, so that it boots as an ELF (NAME.elf) or a raw Image (NAME.img).
 * The start code turns the MMU on (an identity map: normal write-back memory, the GIC's
 * 16 MiB device memory), clears .bss, sets a stack and the vectors, and calls the guest's
 * functions below, always with IRQs masked.
 */
/* vCPU 0's entry, x0 = the device tree's IPA. It must not return. */
void guest_main(const void *dtb);
/* Every exception: kind is the vector (TSR_TRAP_*), then ESR_EL1, ELR_EL1, FAR_EL1. The
 * caller-saved registers, ELR and SPSR are saved; returning resumes at ELR_EL1. */
void guest_trap(unsigned long kind, unsigned long esr, unsigned long elr, unsigned long far);
#define TSR_TRAP_SYNC 4 /* kinds: the 16 vectors in order; 4, synchronous at EL1 */
#define TSR_TRAP_IRQ 5	/* an IRQ at EL1: tsr_gic_ack until it says none is left */
/* The entry to give tsr_psci_cpu_on: the vCPU (1..TSR_GUEST_VCPUS_MAX - 1) gets the same
 * map and a stack of its own (8 KiB), then guest_secondary(context). A guest that
 * defines no guest_secondary gets one that turns the vCPU off. */
extern const char guest_secondary_entry[];
void guest_secondary(unsigned long context);

/* --- Hypercalls (src/hvc.c) --- */

/* `hvc #0` with x0 = fn and x1..x6 = a[0..5]; the results in x0..x3. */
struct tsr_hvc_result {
	long x0;
	unsigned long x1, x2, x3;
};
struct tsr_hvc_result tsr_hvc(unsigned long fn, const unsigned long a[6]);
/* The same through `smc #0`. The VMM answers it as it answers an HVC; the calls the kernel
 * answers (TSR_HVC_CHANNEL, TSR_HVC_POLL) are HVC only: over SMC they reach the VMM. */
struct tsr_hvc_result tsr_smc(unsigned long fn, const unsigned long a[6]);

/* The VMM's console: writes all n bytes (40 a hypercall); n or -TSR_EINVAL. */
long tsr_console_write(const char *s, unsigned long n);
long tsr_console_puts(const char *s);
/* Formatted (libs/fmt/include/fmt.h conversions); the number of bytes written. */
int tsr_console_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int tsr_console_vprintf(const char *format, va_list ap);
/* Input waiting, up to TSR_CONSOLE_READ_MAX bytes into buf (that big); 0: none. */
long tsr_console_read(char buf[TSR_CONSOLE_READ_MAX]);

/* A short message: label, up to TSR_MSG_SHORT_WORDS words. */
struct tsr_guest_msg {
	unsigned long label, length;
	unsigned long w[TSR_MSG_SHORT_WORDS];
};
/* Call channel `ch` (the device tree's channel reg): m is sent and replaced by the reply.
 * 0, or -TSR_EINVAL (not a call channel, or length > 6), -TSR_EPEER (server gone). */
long tsr_channel_call(unsigned ch, struct tsr_guest_msg *m);
/* Signal notify channel `ch`. */
long tsr_channel_signal(unsigned ch);
/* The notification bits signalled since the last poll (bit = channel id); clears them. */
unsigned long tsr_poll(void);

long tsr_smccc_version(void); /* 0x10001 = 1.1 */
/* True if the hypervisor's SMCCC UID is Tessera's (TSR_UID_0..3). */
bool tsr_smccc_is_tessera(void);
long tsr_psci_version(void);		  /* 0x10000 = 1.0 */
long tsr_psci_features(unsigned long fn); /* 0: implemented, TSR_PSCI_NOT_SUPPORTED */
/* Return only if the VMM refuses. */
long tsr_psci_system_off(void);
long tsr_psci_system_reset(void);
/* Start vCPU `mpidr` (affinity 0.0.0.i: vCPU i) at IPA `entry`, as the boot vCPU starts
 * (EL1h, DAIF masked, MMU off) but with x0 = context: TSR_PSCI_SUCCESS, or
 * TSR_PSCI_ALREADY_ON, TSR_PSCI_INVALID_PARAMETERS (no such vCPU). */
long tsr_psci_cpu_on(unsigned long mpidr, unsigned long entry, unsigned long context);
/* This vCPU stops (CPU_ON starts it again afresh); returns only if the VMM refuses. */
long tsr_psci_cpu_off(void);
/* vCPU `mpidr`: 0 on, 1 off, 2 on pending, or TSR_PSCI_INVALID_PARAMETERS. */
long tsr_psci_affinity_info(unsigned long mpidr);

/* --- Device tree (src/fdt.c): read-only, bounds-checked, byte loads only --- */

struct tsr_fdt {
	const uint8_t *blob;
	uint32_t size;			/* totalsize */
	uint32_t structs, structs_size; /* structure block: offset, bytes */
	uint32_t strings, strings_size; /* strings block */
};

/* Check the header (magic, version 17, blocks inside totalsize <= max_size). */
bool tsr_fdt_open(struct tsr_fdt *t, const void *blob, unsigned long max_size);

/* Nodes are offsets (>= 0) in the structure block; -1: none. */
int tsr_fdt_path(const struct tsr_fdt *t, const char *path); /* "/", "/chosen", "/a/b@1" */
/* The first node whose `compatible` lists `compatible` and, unless label is NULL, whose
 * `label` property is `label`. */
int tsr_fdt_find(const struct tsr_fdt *t, const char *compatible, const char *label);
/* Its name ("channel@3"; "" for the root). */
const char *tsr_fdt_name(const struct tsr_fdt *t, int node);

/* A property's value and length, NULL if absent. */
const void *tsr_fdt_prop(const struct tsr_fdt *t, int node, const char *name, uint32_t *len);
/* Its first string, NULL if absent or not NUL-terminated. */
const char *tsr_fdt_string(const struct tsr_fdt *t, int node, const char *name);
/* Its cell `index` (big-endian u32). */
bool tsr_fdt_u32(const struct tsr_fdt *t, int node, const char *name, unsigned index,
		 uint32_t *value);
/* A 64-bit property (`/bits/ 64 <x>`: 8 bytes, big-endian), e.g. linux,initrd-start. */
bool tsr_fdt_u64(const struct tsr_fdt *t, int node, const char *name, uint64_t *value);
/* Entry `index` of `reg`, decoded with the parent's #address-cells (1, 2) and
 * #size-cells (0..2; 0: *size = 0). */
bool tsr_fdt_reg(const struct tsr_fdt *t, int node, unsigned index, uint64_t *addr, uint64_t *size);
/* /chosen/bootargs, NULL if none. */
const char *tsr_fdt_bootargs(const struct tsr_fdt *t);

/* --- The GIC (src/gic.c): a GICv3 at TSR_GUEST_GICD and TSR_GUEST_GICR (the VMM emulates
 * both) or, on a GICv2 board, a GICv2 at TSR_GUEST_GICD (emulated) and TSR_GUEST_GICC (the
 * board's virtual CPU interface) --- */

/* Which GIC the device tree describes: 3 (arm,gic-v3), 2 (arm,cortex-a15-gic: its CPU
 * interface at reg entry 1) or 0 (none). The calls below take a GICv3 until a GICv2 is
 * found here. */
unsigned tsr_gic_init(const struct tsr_fdt *t);
/* The distributor is shared; every vCPU has its own CPU interface and (GICv3) its own
 * redistributor (vCPU i's at TSR_GUEST_GICR + i * TSR_GUEST_GICR_STRIDE). The calls below
 * that touch either act on the calling vCPU's (tsr_cpu_index()). */
void tsr_gic_dist_enable(void); /* GICD_CTLR: ARE, EnableGrp1NS (GICv2: EnableGrp0); once */
bool tsr_gic_redist_wake(void); /* GICR_WAKER; false if the redistributor stays asleep */
/* Group 1 (GICv2: 0), priority (0 highest..255), enabled: an SGI or PPI (< 32) on the
 * calling vCPU's redistributor (GICv2: its banked registers), an SPI on the distributor,
 * routed to vCPU 0. */
void tsr_gic_enable_irq(unsigned intid, uint8_t priority);
void tsr_gic_cpu_enable(void); /* ICC_SRE_EL1, PMR (all priorities), IGRPEN1; GICC_* on v2 */
/* The pending interrupt's INTID (>= 1020: none), then end it with its INTID. */
unsigned tsr_gic_ack(void);
void tsr_gic_end(unsigned intid);
/* SGI `intid` (0..15) to the vCPUs of target_list (bit i: vCPU i), through
 * ICC_SGI1R_EL1 (GICv2: GICD_SGIR), a write the VMM traps and delivers. The targets must
 * enable it. */
void tsr_gic_send_sgi(unsigned intid, uint16_t target_list);

/* --- The CPU (src/cpu.c): interrupt masking, waiting, its index, the virtual timer --- */

/* With IRQs masked (the start state): sleep in WFI until an interrupt is pending, take
 * it (the IRQ vector runs), return masked. Check for work first, with IRQs masked, so a
 * wake-up cannot be lost between the check and the WFI. */
void tsr_irq_wait(void);
/* This vCPU's index: MPIDR_EL1 affinity 0 (vCPU i is 0.0.0.i), < TSR_GUEST_VCPUS_MAX. */
unsigned tsr_cpu_index(void);
uint64_t tsr_vtimer_frequency(void); /* CNTFRQ_EL0: ticks a second */
uint64_t tsr_vtimer_count(void);     /* CNTVCT_EL0 */
/* Interrupt TSR_GUEST_INTID_VTIMER in `ticks` (at most 2^31 - 1), then (it is masked
 * when it fires) not again until set again. */
void tsr_vtimer_set(uint64_t ticks);
void tsr_vtimer_stop(void);

#endif
