/* SPDX-License-Identifier: BSD-2-Clause */
/* vCPU objects: binding to threads, and what a guest's exception becomes. */
#include <cnode.h>
#include <esr.h>
#include <ipc.h>
#include <plat/board.h>
#include <thread.h>
#include <timer.h>
#include <trace.h>
#include <vcpu.h>

#define SCTLR_EL1_RESET 0x30d00800UL /* the RES1 bits; MMU and caches off */
#define SPSR_EL1H_MASKED 0x3c5UL     /* EL1h, D A I F masked: as after reset */
#define MPIDR_RES1 (1UL << 31)

/* List registers (GICv3 ICH_LR<n>_EL2): state, group, priority, virtual INTID. */
#define LR_PENDING (1UL << 62)
#define LR_STATE (3UL << 62)
#define LR_GROUP1 (1UL << 60)
#define LR_INTID 0xffffffffUL

#define CNTV_ENABLE (1UL << 0)
#define CNTV_IMASK (1UL << 1)

void vcpu_init(struct vcpu *v)
{
	v->reg[VCPU_sctlr_el1] = SCTLR_EL1_RESET;
	v->reg[VCPU_vmpidr_el2] = MPIDR_RES1; /* affinity 0: one vCPU per guest (CAVEATS) */
	v->notify_irq = VCPU_NO_IRQ;
	v->hcr = VCPU_HCR(0);
}

long vcpu_bind(struct thread *t, struct vcpu *v)
{
	if (t->vcpu || v->thread)
		return -TSR_EEXISTS;
	if (!thread_stopped(t))
		return -TSR_ESTATE;
	if (arch_vgic_lrs() < VCPU_LRS)
		return -TSR_ENOSYS; /* this GIC cannot hold a guest's interrupts */
	t->vcpu = v;
	v->thread = t;
	t->ctx.spsr = SPSR_EL1H_MASKED;
	return 0;
}

void vcpu_unbind(struct vcpu *v)
{
	struct thread *t = v->thread;
	if (!t)
		return;
	vcpu_sync(v);
	thread_suspend(t);
	t->ctx.spsr = 0; /* EL0t: a native thread again, stopped */
	t->vcpu = NULL;
	v->thread = NULL;
}

void vcpu_sync(struct vcpu *v)
{
	struct percpu *cpu = this_cpu();
	if (cpu->loaded_vcpu == v) { /* and not in_guest: a native thread runs */
		arch_vcpu_swap(v, NULL);
		cpu->loaded_vcpu = NULL;
	} else if (v->thread) {
		smp_release(v->thread); /* another CPU's (the thread is stopped) */
	}
}

static long inject(struct vcpu *v, uint64_t intid, uint64_t prio)
{
	uint64_t *lr = &v->reg[VCPU_ich_lr0_el2], *free = NULL;
	if (intid >= 1020 || prio > 255)
		return -TSR_EINVAL;
	for (unsigned i = 0; i < VCPU_LRS; i++) {
		if ((lr[i] & LR_STATE) && (lr[i] & LR_INTID) == intid) {
			lr[i] |= LR_PENDING; /* one interrupt in one list register, at most */
			if (v->thread)
				scheduler_wake(v->thread);
			return 0;
		}
		if (!(lr[i] & LR_STATE) && !free)
			free = &lr[i];
	}
	if (!free)
		return -TSR_EBUSY;
	*free = LR_PENDING | LR_GROUP1 | prio << 48 | intid;
	if (v->thread)
		scheduler_wake(v->thread); /* out of WFI */
	return 0;
}

/* index, endpoint or notification (0: none) */
static long set_channel(struct vcpu *v, const uint64_t *args,
			struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	if (args[0] >= VCPU_CHANNELS)
		return -TSR_EINVAL;
	struct cte *src = args[1] ? lookup(args[1], &err) : NULL;
	if (err)
		return err;
	if (src && src->cap.type != TSR_OBJ_ENDPOINT && src->cap.type != TSR_OBJ_NOTIFICATION)
		return -TSR_ECAPTYPE;
	if (src && !(src->cap.rights & TSR_W))
		return -TSR_ERIGHTS;
	struct cte *dst = &v->chan[args[0]];
	if ((err = cap_delete(dst)))
		return err; /* preempted: the call restarts, the slot now empty */
	if (src)
		cdt_insert(dst, &src->cap, src);
	return 0;
}

long vcpu_invoke(struct vcpu *v, uint64_t method, const uint64_t *args,
		 struct cte *(*lookup)(uint64_t cptr, long *err))
{
	switch (method) {
	case TSR_VCPU_INJECT_IRQ:
		return vcpu_raise(v, args[0], args[1]);
	case TSR_VCPU_SET_NOTIFY_IRQ:
		if (args[0] > VCPU_NO_IRQ)
			return -TSR_EINVAL;
		v->notify_irq = (uint32_t)args[0];
		return 0;
	case TSR_VCPU_SET_CHANNEL:
		return set_channel(v, args, lookup);
	}
	return -TSR_ENOSYS;
}

/* A signal on a notification channel (apart: the call path needs no stack frame). */
static __attribute__((noinline)) struct frame *channel_signal(struct frame *f, const struct cap *c)
{
	notification_signal((struct notification *)(uintptr_t)c->obj, c->a ? c->a : 1);
	f->x[0] = 0;
	return schedule();
}

/* WFI: the guest sleeps until a virtual interrupt is pending (VCPU_INJECT_IRQ wakes it)
 * or its virtual timer's deadline, when its interrupt fires as it runs again. */
static struct frame *guest_wfi(struct thread *t, struct frame *f)
{
	struct vcpu *v = t->vcpu;
	f->elr += 4;
	arch_vcpu_save_wake(v); /* it runs: the CPU holds the truth */
	for (unsigned i = 0; i < VCPU_LRS; i++)
		if (v->reg[VCPU_ich_lr0_el2 + i] & LR_PENDING)
			return f;
	uint64_t ctl = v->reg[VCPU_cntv_ctl_el0], until = UINT64_MAX;
	if ((ctl & (CNTV_ENABLE | CNTV_IMASK)) == CNTV_ENABLE)
		until = v->reg[VCPU_cntv_cval_el0];
	if (until <= timer_now())
		return f; /* due: its interrupt is on its way */
	scheduler_sleep(t, until);
	return schedule();
}

/* The guest register an exit's syndrome names: a data abort's SRT, a system register
 * access's Rt; 31 is xzr. */
static unsigned exit_register(uint64_t esr)
{
	return ESR_EC(esr) == EC_SYSREG ? (ESR_ISS(esr) >> 5) & 31 : (ESR_ISS(esr) >> 16) & 31;
}

static uint64_t exit_register_value(const struct frame *f, uint64_t esr)
{
	unsigned r = exit_register(esr);
	return r == 31 ? 0 : f->x[r];
}

void vcpu_load_result(struct thread *t, uint64_t value)
{
	unsigned label = TSR_MSG_LABEL(t->fault[0]), r = exit_register(t->fault[1]);
	if ((label == TSR_FAULT_VM_MMIO || label == TSR_FAULT_VM_SYSREG) && r != 31)
		t->ctx.x[r] = value;
}

/* Every exit but a direct channel's: a fault message to the VMM, or WFI. */
static __attribute__((noinline)) struct frame *vm_exit(struct thread *t, struct frame *f,
						       uint64_t esr)
{
	unsigned label = TSR_FAULT_UNDEFINED;
	uint64_t addr = f->elr, extra = 0;

	switch (ESR_EC(esr)) {
	case EC_HVC64:
		label = TSR_FAULT_VM_HVC;
		extra = f->x[0];
		break;
	case EC_SMC64:
		label = TSR_FAULT_VM_SMC;
		extra = f->x[0];
		break;
	case EC_WFX:
		return guest_wfi(t, f);
	case EC_FP:
		return thread_fp(t, f);
	case EC_SYSREG:
		label = TSR_FAULT_VM_SYSREG;
		if (!(ESR_ISS(esr) & 1)) /* a write (direction 0): the value it stores */
			extra = exit_register_value(f, esr);
		break;
	case EC_DABT_LOWER:
		label = TSR_FAULT_VM_MMIO;
		addr = arch_fault_ipa();
		if ((ESR_ISS(esr) & (1U << 24)) && (ESR_ISS(esr) & (1U << 6))) /* ISV, WnR */
			extra = exit_register_value(f, esr);
		break;
	case EC_IABT_LOWER:
		label = TSR_FAULT_MEMORY;
		addr = arch_fault_ipa();
		break;
	}
	return fault_raise(t, label, esr, addr, extra);
}

/* Hypercalls the kernel answers (direct channels, poll) here, every path a tail call so
 * that this needs no stack frame; the rest in vm_exit. */
struct frame *vcpu_exit(struct thread *t, struct frame *f, uint64_t esr)
{
	trace_record(TRACE_EXIT, t, ESR_EC(esr));
	if (ESR_EC(esr) != EC_HVC64)
		return vm_exit(t, f, esr);
	if (f->x[0] == TSR_HVC_POLL) {
		struct notification *n = t->bound;
		f->x[0] = n ? n->word : 0;
		if (n)
			n->word = 0;
		return f;
	}
	uint64_t index = f->x[0] - TSR_HVC_CHANNEL(0);
	if (index >= VCPU_CHANNELS || cte_empty(&t->vcpu->chan[index]))
		return vm_exit(t, f, esr); /* not a channel: the VMM's */
	const struct cap *c = &t->vcpu->chan[index].cap;
	if (c->type == TSR_OBJ_ENDPOINT)
		return channel_call_fast(t, f, c);
	return channel_signal(f, c);
}

#define VTIMER_PRIORITY 0xa0
#define VNOTIFY_PRIORITY 0xa0

/* What waits for room in the list registers, and the maintenance interrupt with it. */
static void set_missed(struct vcpu *v, uint8_t missed)
{
	v->missed = missed;
	v->hcr = VCPU_HCR(missed);
}

/* Inject, or remember that `source` waits for room. */
static long inject_or_wait(struct vcpu *v, uint64_t intid, uint64_t prio, uint8_t source)
{
	long err = inject(v, intid, prio);
	if (err == -TSR_EBUSY)
		set_missed(v, v->missed | source);
	return err;
}

/* The kernel's own interrupts for a guest: its timer, its notifications. */
static void raise_missed(struct vcpu *v, uint8_t missed)
{
	if (missed & VCPU_MISSED_TIMER)
		inject_or_wait(v, PLAT_TIMER_VIRT_IRQ, VTIMER_PRIORITY, VCPU_MISSED_TIMER);
	if (missed & VCPU_MISSED_NOTIFY && v->notify_irq != VCPU_NO_IRQ)
		inject_or_wait(v, v->notify_irq, VNOTIFY_PRIORITY, VCPU_MISSED_NOTIFY);
}

struct raise_args {
	struct vcpu *v;
	uint64_t intid, prio;
	uint8_t source;
	long err;
};

/* Into the list registers this CPU holds for v (it runs, or its registers stayed
 * while native threads run). */
static long raise_loaded(struct vcpu *v, uint64_t intid, uint64_t prio, uint8_t source)
{
	arch_vgic_save(v);
	long err = inject_or_wait(v, intid, prio, source);
	arch_vgic_load(v, this_cpu()->in_guest);
	return err;
}

static void raise_there(void *arg)
{
	struct raise_args *a = arg;
	a->err = this_cpu()->loaded_vcpu == a->v
		     ? raise_loaded(a->v, a->intid, a->prio, a->source)
		     : inject_or_wait(a->v, a->intid, a->prio, a->source);
}

/* Another CPU holds its list registers: it does it there (smp_call). */
static __attribute__((noinline)) long raise_there_and_wait(struct vcpu *v, uint64_t intid,
							   uint64_t prio, uint8_t source)
{
	struct raise_args a = {v, intid, prio, source, 0};
	smp_call(v->thread->rq.cpu, raise_there, &a);
	return a.err;
}

/* Into its list registers: here, or on the CPU that holds them, else in memory. */
static long raise(struct vcpu *v, uint64_t intid, uint64_t prio, uint8_t source)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = v->thread;
	if (cpu->loaded_vcpu == v)
		return raise_loaded(v, intid, prio, source);
	if (t && t->rq.cpu != cpu->id && thread_cpu(t)->loaded_vcpu == v)
		return raise_there_and_wait(v, intid, prio, source);
	return inject_or_wait(v, intid, prio, source);
}

/* As Xen does: the timer is masked in the guest's own CNTV_CTL (its handler sets IMASK
 * too, and it clears it when it sets the next deadline), and its PPI made pending. */
void vcpu_timer_irq(void)
{
	struct percpu *cpu = this_cpu();
	if (!cpu->in_guest)
		return; /* a native thread runs: no guest's timer is loaded */
	arch_vtimer_mask(cpu->loaded_vcpu);
	raise(cpu->loaded_vcpu, PLAT_TIMER_VIRT_IRQ, VTIMER_PRIORITY, VCPU_MISSED_TIMER);
}

bool vcpu_maintenance_irq(void)
{
	struct percpu *cpu = this_cpu();
	if (!cpu->in_guest)
		return false; /* raised just before the guest left: it asks again when back */
	struct vcpu *v = cpu->loaded_vcpu;
	uint8_t missed = v->missed;
	arch_vgic_save(v);
	set_missed(v, 0);
	raise_missed(v, missed);
	set_missed(v, v->missed | (missed & VCPU_MISSED_VMM));
	arch_vgic_load(v, true); /* the maintenance interrupt off, unless still short of room */
	return missed & VCPU_MISSED_VMM;
}

struct frame *vcpu_maintenance_exit(void)
{
	struct thread *t = thread_current();
	set_missed(t->vcpu, t->vcpu->missed & (uint8_t)~VCPU_MISSED_VMM);
	return fault_raise(t, TSR_FAULT_VM_MAINTENANCE, 0, t->ctx.elr, 0);
}

long vcpu_raise(struct vcpu *v, uint64_t intid, uint64_t prio)
{
	return raise(v, intid, prio, VCPU_MISSED_VMM);
}

void vcpu_notified(struct vcpu *v)
{
	if (v->notify_irq != VCPU_NO_IRQ) /* if full: the bits stay, and it comes later */
		raise(v, v->notify_irq, VNOTIFY_PRIORITY, VCPU_MISSED_NOTIFY);
}
