/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: start, stop, and choosing what runs next (one thread for now). */
#include <arch/sysreg.h>
#include <console.h>
#include <fmt.h>
#include <mem.h>
#include <thread.h>

void thread_init(struct thread *t, const char *name, struct vspace *vs, uint64_t entry,
		 uint64_t stack_top)
{
	memset(t, 0, sizeof(*t));
	fmt_snprintf(t->name, sizeof(t->name), "%s", name);
	t->vs = vs;
	t->ctx.elr = entry;
	t->ctx.sp = stack_top;
	t->ctx.spsr = SPSR_EL0T; /* EL0, interrupts unmasked */
	t->state = THREAD_RUNNABLE;
}

void thread_stop(struct thread *t, const char *why)
{
	t->state = THREAD_STOPPED;
	kprintf("tessera: thread '%s' stopped: %s\n", t->name, why);
}

/* Nothing can run: wait for interrupts at EL2 (interrupts are only taken here). */
static void idle(void)
{
	kprintf("tessera: no runnable threads, idle\n");
	for (;;) {
		wfi();
		irq_unmask();
		irq_mask();
	}
}

struct frame *schedule(void)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	if (!t || t->state != THREAD_RUNNABLE)
		idle();
	return &t->ctx;
}
