/* SPDX-License-Identifier: BSD-2-Clause */
/* vCPUs: a guest's EL1 state, and VM exits as faults to the VMM. */
#ifndef VCPU_H
#define VCPU_H

#include <arch/frame.h>
#include <cap.h>
#include <stdint.h>
#include <tessera/abi.h>

/* The registers a vCPU holds: TSR_VCPU_SYSREGS in tessera/abi.h. */
#define VCPU_SYSREGS TSR_VCPU_SYSREGS

enum vcpu_sysreg {
#define VCPU_X(name) VCPU_##name = TSR_VCPU_##name,
	VCPU_SYSREGS(VCPU_X)
#undef VCPU_X
	    VCPU_NREGS = TSR_VCPU_NREGS
};

#define VCPU_LRS 4
#define VCPU_NO_IRQ 1020
#define VCPU_CHANNELS TSR_VCPU_CHANNELS

struct thread;

/* The guest's floating-point and SIMD registers (kernel/arch/aarch64/fp.S). */
struct vcpu {
	struct thread *thread; /* the thread it is bound to, or NULL */
	uint64_t reg[VCPU_NREGS];
	struct cte chan[VCPU_CHANNELS]; /* direct channels: endpoints and notifications */
	uint32_t notify_irq;		/* raised by its thread's bound notification */
	uint8_t missed;			/* VCPU_MISSED_*: found the list registers full */
	uint64_t hcr;			/* ICH_HCR_EL2 while it runs: VCPU_HCR(missed) */
};

/* Interrupts that found the list registers full wait for room: the GIC's maintenance
 * interrupt says when there is some (underflow: at most one register in use). The
 * kernel then raises its own again; the VMM gets an exit (TSR_FAULT_VM_MAINTENANCE). */
#define VCPU_MISSED_TIMER 1
#define VCPU_MISSED_NOTIFY 2
#define VCPU_MISSED_VMM 4
/* The virtual CPU interface on (En), and the underflow maintenance interrupt (UIE)
 * while interrupts wait. */
#define VCPU_HCR(missed) (1UL | ((missed) ? 2UL : 0))
_Static_assert(sizeof(struct vcpu) <= 4096, "a vCPU object is 4 KiB");

/* A zeroed vCPU object: EL1 at reset (MMU off). */
void vcpu_init(struct vcpu *v);
long vcpu_bind(struct thread *t, struct vcpu *v);
void vcpu_unbind(struct vcpu *v);
/* Puts v's registers in memory if the CPU holds them (before they are read or changed
 * by an invocation, which only native threads make). */
void vcpu_sync(struct vcpu *v);
/* Makes `intid` pending in v's guest and wakes it (from any context: an interrupt
 * handler while the guest runs included); -TSR_EBUSY when its list registers are full. */
long vcpu_raise(struct vcpu *v, uint64_t intid, uint64_t prio);
/* Its thread's bound notification was signalled. */
void vcpu_notified(struct vcpu *v);
/* The loaded guest's virtual timer fired (its PPI, at EL2). */
void vcpu_timer_irq(void);
/* The GIC's maintenance interrupt: the loaded guest's list registers have room. True
 * if its VMM is to be told (vcpu_maintenance_exit, once the interrupt is handled). */
bool vcpu_maintenance_irq(void);
struct frame *vcpu_maintenance_exit(void);
/* The reply to t's MMIO or system-register exit loads `value` (TSR_VMEXIT_LOAD) into the
 * register its syndrome names. */
void vcpu_load_result(struct thread *t, uint64_t value);
/* An exception from a guest: a VM exit to its VMM (the thread's fault endpoint). */
struct frame *vcpu_exit(struct thread *t, struct frame *f, uint64_t esr);

long vcpu_invoke(struct vcpu *v, uint64_t method, const uint64_t *args,
		 struct cte *(*lookup)(uint64_t cptr, long *err));

/* Arch, for the loaded guest v: what decides when it wakes (list registers, virtual
 * timer) into memory; IMASK set in its virtual timer's CNTV_CTL (the CPU's while it
 * runs). */
void arch_vcpu_save_wake(struct vcpu *v);
void arch_vtimer_mask(struct vcpu *v);
/* Arch: only its list registers, which the CPU holds while v is loaded_vcpu (running:
 * in the guest, so ICH_HCR_EL2 is v's too). */
void arch_vgic_save(struct vcpu *v);
void arch_vgic_load(const struct vcpu *v, bool running);
/* Arch: captures the EL1 state native threads run with (at boot, after the timer). */
void arch_vcpu_init(void);
/* Arch: the registers only guests use (kernel/arch/aarch64/vcpu_arch.c): from's saved
 * (unless NULL), to's loaded (unless NULL). The CPU runs native threads meanwhile. */
void arch_vcpu_swap(struct vcpu *from, const struct vcpu *to);
/* Arch: from native threads into guest v, whose other registers are loaded; back. */
void arch_vcpu_enter(const struct vcpu *v);
void arch_vcpu_leave(struct vcpu *v);
/* The IPA of the last stage-2 fault (HPFAR_EL2 and FAR_EL2). */
uint64_t arch_fault_ipa(void);
/* The board's GIC driver (kernel/drivers/<gic>_virt.c): how many list registers its
 * virtual CPU interface has; the rest of the virtual GIC's registers (VMCR, active
 * priorities) with the list registers, from's saved and to's loaded (either NULL). Its
 * interface on and off as a guest runs and leaves, on every entry and exit, are inline:
 * arch_vgic_enter and arch_vgic_leave in kernel/drivers/<gic>/gic_virt.h. */
unsigned arch_vgic_lrs(void);
void arch_vgic_swap(struct vcpu *from, const struct vcpu *to);

#endif
