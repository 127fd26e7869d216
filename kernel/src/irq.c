/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupts: the kernel's timer, and lines delivered to user level as signals. */
#include <cnode.h>
#include <console.h>
#include <ipc.h>
#include <irq.h>
#include <plat.h>
#include <plat/board.h>
#include <timer.h>
#include <trace.h>
#include <vcpu.h>

#define IRQ_LINES IRQ_SPECIAL

/* Where a line's interrupts go (16 bytes: the interrupt path indexes it with a shift). */
static struct line {
	struct notification *ntfn;
	uint64_t bits;
} lines[IRQ_LINES];
/* The lines taken by a handler capability. */
static bool taken[IRQ_LINES];

bool irq_handle(struct thread **woken)
{
	unsigned intid = irq_acknowledge();
	bool exit = false;
	if (intid >= IRQ_LINES)
		return false; /* spurious */
	trace_record(TRACE_IRQ, this_cpu()->current, intid);
	if (lines[intid].ntfn) {    /* never the kernel's own */
		irq_disable(intid); /* masked until the handler acknowledges it */
		struct percpu *cpu = this_cpu();
		cpu->collect = woken;
		notification_signal(lines[intid].ntfn, lines[intid].bits);
		cpu->collect = NULL;
	} else if (intid == IRQ_SGI_KICK) {
		/* another CPU made this one enter the kernel: it schedules on the way out */
	} else if (intid == PLAT_TIMER_EL2_PHYS_IRQ) {
		timer_irq();
	} else if (intid == PLAT_TIMER_VIRT_IRQ) {
		vcpu_timer_irq();
	} else if (intid == PLAT_GIC_MAINT_IRQ) {
		exit = vcpu_maintenance_irq();
	} else {
		kprintf("tessera: interrupt %u has no owner, disabled\n", intid);
		irq_disable(intid);
	}
	irq_end(intid);
	return exit;
}

static bool user_line(uint64_t irq)
{
	return irq == PLAT_USER_PPI || (irq >= 32 && irq < IRQ_LINES);
}

/* irq, dest_cnode, dest_index */
long irq_control_invoke(uint64_t method, const uint64_t *args,
			struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	if (method != TSR_IRQ_CONTROL_GET)
		return -TSR_ENOSYS;
	if (!user_line(args[0]))
		return -TSR_EINVAL;
	struct cte *cn = lookup(args[1], &err);
	if (!cn)
		return err;
	if (cn->cap.type != TSR_OBJ_CNODE)
		return -TSR_ECAPTYPE;
	struct cte *dst = cnode_slot(&cn->cap, args[2]);
	if (!dst)
		return -TSR_ESLOT;
	if (!cte_empty(dst))
		return -TSR_EOCCUPIED;
	if (taken[args[0]])
		return -TSR_EEXISTS;
	taken[args[0]] = true;
	cdt_insert(dst, &(struct cap){.type = TSR_OBJ_IRQ_HANDLER, .obj = args[0]}, NULL);
	return 0;
}

long irq_handler_invoke(struct cte *h, uint64_t method, const uint64_t *args,
			struct cte *(*lookup)(uint64_t cptr, long *err))
{
	unsigned irq = (unsigned)h->cap.obj;
	long err = 0;
	switch (method) {
	case TSR_IRQ_HANDLER_SET_NOTIFICATION: {
		struct cte *n = lookup(args[0], &err);
		if (!n)
			return err;
		if (n->cap.type != TSR_OBJ_NOTIFICATION)
			return -TSR_ECAPTYPE;
		if (!(n->cap.rights & TSR_W))
			return -TSR_ERIGHTS;
		lines[irq].ntfn = (struct notification *)(uintptr_t)n->cap.obj;
		lines[irq].bits = n->cap.a ? n->cap.a : 1;
		irq_enable(irq);
		if (irq == PLAT_UART_IRQ)
			console_take(true); /* its driver is there: the device is its */
		return 0;
	}
	case TSR_IRQ_HANDLER_ACK:
		if (!lines[irq].ntfn)
			return -TSR_ESTATE;
		irq_enable(irq);
		return 0;
	case TSR_IRQ_HANDLER_CLEAR:
		irq_disable(irq);
		lines[irq].ntfn = NULL;
		if (irq == PLAT_UART_IRQ)
			console_take(false);
		return 0;
	}
	return -TSR_ENOSYS;
}

void irq_handler_destroy(unsigned irq)
{
	irq_disable(irq);
	lines[irq] = (struct line){0};
	taken[irq] = false;
	if (irq == PLAT_UART_IRQ)
		console_take(false);
}

void irq_notification_gone(struct notification *n)
{
	for (unsigned i = 0; i < IRQ_LINES; i++)
		if (lines[i].ntfn == n) {
			irq_disable(i);
			lines[i].ntfn = NULL;
			if (i == PLAT_UART_IRQ)
				console_take(false);
		}
}

/* The UART's driver prints the kernel's log: it learns of new text as an interrupt. */
void irq_console_output(void)
{
	struct line *l = &lines[PLAT_UART_IRQ];
	if (l->ntfn)
		notification_signal(l->ntfn, l->bits);
}
