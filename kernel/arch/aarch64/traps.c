/* SPDX-License-Identifier: BSD-2-Clause */
/* EL2 exception handling: set-up, and dispatch by exception class. */
#include <arch/sysreg.h>
#include <console.h>
#include <esr.h>
#include <ipc.h>
#include <irq.h>
#include <panic.h>
#include <smp.h>
#include <thread.h>
#include <traps.h>
#include <vcpu.h>

/* VTCR_EL2: 39-bit IPA from level 1, 4 KiB granule, inner-shareable write-back walks. */
#define VTCR_EL2_RES1 (1UL << 31)
#define VTCR_VALUE(ps)                                                                       \
	(VTCR_EL2_RES1 | (25UL << 0) | (1UL << 6) | (1UL << 8) | (1UL << 10) | (3UL << 12) | \
	 ((ps) << 16))

extern char el2_vectors[], el2_vectors_locked[];

/* Each CPU's kernel stack (secondaries start on theirs: head.S). */
uint8_t cpu_stacks[CPUS_MAX][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

void traps_init(unsigned id)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t pmu_counters = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
	struct percpu *cpu = cpu_get(id);

	cpu->id = (uint8_t)id;
	cpu->stack_top = (uint64_t)(cpu_stacks[id] + KERNEL_STACK_SIZE);
	write_sysreg(tpidr_el2, cpu);
	write_sysreg(vbar_el2, kernel_locking ? el2_vectors_locked : el2_vectors);
	write_sysreg(hcr_el2, HCR_NATIVE);
	write_sysreg(vtcr_el2, VTCR_VALUE(parange > 5 ? 5 : parange));
	/* Floating point traps until a thread uses it (thread_fp: lazy switching). The EL2
	 * trap (CPTR_EL2.TFP) reports EC 0x07; a CPACR_EL1 trap under TGE would arrive as
	 * an unknown-reason exception, so CPACR_EL1 lets everything through. */
	write_sysreg(cpacr_el1, CPACR_FPEN_ALL);
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_TFP);
	/* Debug and PMU registers trap (a guest's reach its VMM as system-register exits,
	 * so that a guest cannot set breakpoints or single-step on others, nor change the
	 * counters), except the PMU's in benchmark images (pmu_init); all counters are for
	 * below EL2 (HPMN = N). */
	write_sysreg(mdcr_el2,
		     pmu_counters | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA | MDCR_TPM | MDCR_TPMCR);
	isb();
}

extern uint32_t kernel_lock_word;

/* The big lock was taken (vectors.S): wait for ticket's turn, answering remote calls,
 * with WFE (a release writes the word we watch; smp_call sends an event). The thread
 * whose frame `f` holds may be taken off this CPU meanwhile (smp_release, which makes a
 * system call or hypercall it was entering start again when it runs next:
 * arch_entry_undo); this CPU then schedules instead. */
void kernel_lock_spin(uint32_t ticket)
{
	volatile uint16_t *served = (volatile uint16_t *)&kernel_lock_word;
	struct percpu *cpu = this_cpu();
	for (;;) {
		uint32_t now;
		__asm__ volatile("ldaxrh %w0, [%1]" : "=r"(now) : "r"(served) : "memory");
		if ((uint16_t)now == (uint16_t)ticket)
			break;
		if (__atomic_load_n(&cpu->call_fn, __ATOMIC_ACQUIRE))
			smp_answer();
		else
			__asm__ volatile("wfe" ::: "memory");
	}
}

void kernel_lock_wait(uint32_t ticket, struct frame *f, unsigned kind)
{
	struct percpu *cpu = this_cpu();
	cpu->entry_frame = f;
	cpu->entry_kind = (uint8_t)kind;
	kernel_lock_spin(ticket);
	cpu->entry_frame = NULL;
	if ((void *)f != (void *)cpu->current)
		return_to_user(schedule());
}

void arch_entry_undo(struct percpu *cpu)
{
	struct frame *f = cpu->entry_frame;
	unsigned ec = ESR_EC(read_sysreg(esr_el2));
	if (f && cpu->entry_kind == LOCK_SYNC && (ec == EC_SVC64 || ec == EC_HVC64))
		f->elr -= 4;
	cpu->entry_frame = NULL;
}

typedef struct frame *(*el0_handler)(struct frame *f, uint64_t esr);

/* WFI at EL0: a yield to the threads of the same priority. */
static struct frame *el0_wfi(struct frame *f, uint64_t esr)
{
	f->elr += ESR_IL(esr) ? 4 : 2;
	return scheduler_yield() ? schedule() : f;
}

/* Anything else from EL0 is the thread's fault: a message to its fault endpoint, or
 * (without one) a decoded report and the thread stopped. */
static struct frame *el0_fault(struct frame *f, uint64_t esr)
{
	unsigned ec = ESR_EC(esr);
	bool abort = ec == EC_DABT_LOWER || ec == EC_IABT_LOWER || ec == EC_PC_ALIGN;
	uint64_t addr = abort ? read_sysreg(far_el2) : f->elr;
	unsigned label =
	    ec == EC_DABT_LOWER || ec == EC_IABT_LOWER ? TSR_FAULT_MEMORY : TSR_FAULT_UNDEFINED;
	return fault_raise(thread_current(), label, esr, addr, 0);
}

/* FP or SIMD: the registers, lazily; a fault for a thread configured without them. */
static struct frame *el0_fp(struct frame *f, uint64_t esr)
{
	struct thread *t = thread_current();
	return t->flags & THREAD_NO_FP ? el0_fault(f, esr) : thread_fp(t, f);
}

static const el0_handler el0_handlers[EC_COUNT] = {
    [EC_WFX] = el0_wfi,
    [EC_FP] = el0_fp,
};

struct frame *handle_el0_sync(struct frame *f)
{
	uint64_t esr = read_sysreg(esr_el2); /* not a system call: the vectors take those */
	struct thread *t = thread_current();
	if (t->vcpu) /* a guest's exception: a VM exit */
		return vcpu_exit(t, f, esr);
	el0_handler h = el0_handlers[ESR_EC(esr)];
	return (h ? h : el0_fault)(f, esr);
}

struct frame *handle_el0_irq(struct frame *f)
{
	(void)f; /* the current thread's context */
	struct thread *woken = NULL;
	if (irq_handle(&woken))
		return vcpu_maintenance_exit();
	return schedule_woken(woken);
}

struct frame *handle_el0_bad(struct frame *f)
{
	(void)f;
	thread_stop(thread_current(), "unexpected FIQ or AArch32 exception");
	return schedule();
}

void handle_el2_bad(struct frame *f)
{
	panic_frame(f, "exception through an unused EL2 vector (FIQ, or SP_EL0 in use)");
}

void handle_el2_sync(struct frame *f)
{
	panic_exception(f, read_sysreg(esr_el2), read_sysreg(far_el2));
}

void handle_el2_irq(struct frame *f)
{
	(void)f;
	irq_handle(NULL); /* a guest's maintenance: it comes again once the guest runs */
}
