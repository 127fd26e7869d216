/* SPDX-License-Identifier: BSD-2-Clause */
/* TCB objects: configuration, registers, priorities, resume and suspend. */
#include <cnode.h>
#include <console.h>
#include <fmt.h>
#include <ipc.h>
#include <thread.h>
#include <vcpu.h>

void thread_init(struct thread *t)
{
	fmt_snprintf(t->name, sizeof(t->name), "tcb@%llx", (unsigned long long)(uintptr_t)t);
	t->ctx.spsr = 0; /* EL0t, interrupts unmasked: the only state a thread may have */
	t->state = THREAD_INACTIVE;
}

bool thread_stopped(const struct thread *t)
{
	return t->state == THREAD_SUSPENDED || t->state == THREAD_INACTIVE;
}

void thread_suspend(struct thread *t)
{
	smp_release(t); /* running on another CPU: it stops there first */
	ipc_cancel(t);
	scheduler_remove(t);
	t->state = THREAD_SUSPENDED;
}

void thread_resume(struct thread *t)
{
	if (t->state != THREAD_SUSPENDED && t->state != THREAD_INACTIVE)
		return;
	t->state = THREAD_RUNNABLE;
	scheduler_ready(t, false);
}

void thread_stop(struct thread *t, const char *why)
{
	thread_suspend(t);
	kprintf("tessera: thread '%s' stopped: %s\n", t->name, why);
}

/* Its first FP or SIMD instruction since it was switched in: the registers become its
 * own (the previous owner's saved), open until it is switched out; the instruction runs
 * again. */
struct frame *thread_fp(struct thread *t, struct frame *f)
{
	struct percpu *cpu = this_cpu();
	arch_fp_enable();
	cpu->fp_live = true;
	if (cpu->fp_owner != t) {
		if (cpu->fp_owner)
			arch_fp_save(&cpu->fp_owner->fp);
		arch_fp_load(&t->fp);
		cpu->fp_owner = t;
	}
	return f;
}

void thread_destroy(struct thread *t)
{
	if (t->vcpu)
		vcpu_unbind(t->vcpu);
	thread_suspend(t); /* on another CPU: its registers saved there, and it stopped */
	if (this_cpu()->fp_owner == t) /* its registers are nobody's now */
		this_cpu()->fp_owner = NULL;
	if (t->sc)
		scheduler_unbind(t->sc);
	notification_unbind(t);
	if (this_cpu()->current == t)
		this_cpu()->current = NULL;
	/* Its slots are emptied by the caller (kernel/src/cnode.c), preemptibly. */
}

/* A capability argument: 0 means "none", else it must have the type wanted. */
static struct cte *cap_arg(uint64_t cptr, uint8_t type, long *err,
			   struct cte *(*lookup)(uint64_t cptr, long *err))
{
	if (!cptr)
		return NULL;
	struct cte *s = lookup(cptr, err);
	if (s && s->cap.type != type) {
		*err = -TSR_ECAPTYPE;
		return NULL;
	}
	return s;
}

/* cspace, vspace, utcb_address, utcb_frame, fault_endpoint, flags */
static long configure(struct thread *t, const uint64_t *args,
		      struct cte *(*lookup)(uint64_t cptr, long *err))
{
	static const uint8_t types[TCB_SLOTS] = {TSR_OBJ_CNODE, TSR_OBJ_VSPACE, TSR_OBJ_FRAME,
						 TSR_OBJ_ENDPOINT};
	const uint64_t cptrs[TCB_SLOTS] = {args[0], args[1], args[3], args[4]};
	struct cte *src[TCB_SLOTS];
	long err = 0;

	if (t->state == THREAD_BLOCKED)
		return -TSR_ESTATE; /* its IPC relies on what it has */
	if (!IS_ALIGNED(args[2], PAGE_SIZE))
		return -TSR_EALIGN;
	if (args[5] & ~(uint64_t)TSR_TCB_NO_FP)
		return -TSR_EINVAL;
	for (int i = 0; i < TCB_SLOTS; i++) {
		src[i] = cap_arg(cptrs[i], types[i], &err, lookup);
		if (err)
			return err;
	}
	if (src[TCB_VSPACE] && !vspace_get(src[TCB_VSPACE]->cap.a))
		return -TSR_ESTATE;

	for (int i = 0; i < TCB_SLOTS; i++) {
		if (!src[i])
			continue;
		err = cap_delete(&t->slot[i]);
		if (err)
			return err; /* preempted: the call restarts, this slot now empty */
		struct cap copy = src[i]->cap;
		if (i == TCB_UTCB)
			copy.a = copy.b = 0;
		cdt_insert(&t->slot[i], &copy, src[i]);
	}
	t->utcb = args[2];
	t->flags = (uint8_t)args[5];
	if (t->flags & THREAD_NO_FP && thread_cpu(t)->fp_owner == t)
		thread_cpu(t)->fp_owner = NULL; /* what it had is nobody's now */
	return 0;
}

static long set_priority(struct thread *t, uint64_t method, const uint64_t *args,
			 struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	struct cte *auth = cap_arg(args[0], TSR_OBJ_TCB, &err, lookup);
	if (!auth)
		return err ? err : -TSR_EEMPTY;
	const struct thread *a = (const struct thread *)(uintptr_t)auth->cap.obj;
	if (args[1] >= TSR_PRIORITIES)
		return -TSR_EINVAL;
	if (args[1] > a->mcp)
		return -TSR_EPRIORITY;
	if (method == TSR_TCB_SET_MCP) {
		t->mcp = (uint8_t)args[1];
		return 0;
	}
	struct percpu *cpu = thread_cpu(t);
	bool queued = t->rq.queued;
	rq_dequeue(&cpu->rq, &t->rq);
	t->rq.prio = (uint8_t)args[1];
	if (queued)
		scheduler_ready(t, false); /* its CPU looks again */
	else if (cpu->current == t)
		smp_kick(cpu->id); /* running there: it looks again (here: at the call's end) */
	return 0;
}

/* Register `index`: x0..x30, then the stack pointer (a guest's SP_EL1) and the PC; a
 * vCPU thread's system registers from TSR_REG_VCPU(0). */
static uint64_t *reg(struct thread *t, uint64_t index)
{
	if (index <= 30)
		return &t->ctx.x[index];
	if (index == 31 && t->vcpu) {
		vcpu_sync(t->vcpu);
		return &t->vcpu->reg[VCPU_sp_el1];
	}
	if (index == 31)
		return &t->ctx.sp;
	if (index == 32)
		return &t->ctx.elr;
	if (index == 33 && t->vcpu)
		return &t->ctx.spsr;
	if (t->vcpu && index >= TSR_REG_VCPU(0) && index < TSR_REG_VCPU(VCPU_NREGS)) {
		vcpu_sync(t->vcpu);
		return &t->vcpu->reg[index - TSR_REG_VCPU(0)];
	}
	return NULL;
}

/* A PSTATE a guest may be given: AArch64 at EL0t, EL1t or EL1h; flags and masks. */
static bool guest_pstate(uint64_t v)
{
	uint64_t mode = v & 0x1f;
	return !(v & ~0xf00003dfULL) && (mode == 0 || mode == 4 || mode == 5);
}

/* Its registers are not in use: stopped, or waiting for its fault to be handled. */
static bool registers_at_rest(const struct thread *t)
{
	return thread_stopped(t) || (t->state == THREAD_BLOCKED && (t->send_flags & SEND_FAULT));
}

long tcb_invoke(struct thread *t, uint64_t method, const uint64_t *args, uint64_t *result,
		struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	struct cte *s;

	switch (method) {
	case TSR_TCB_CONFIGURE:
		return configure(t, args, lookup);
	case TSR_TCB_SET_PRIORITY:
	case TSR_TCB_SET_MCP:
		return set_priority(t, method, args, lookup);
	case TSR_TCB_READ_REGISTER:
	case TSR_TCB_WRITE_REGISTER: {
		uint64_t *r = reg(t, args[0]);
		if (!r)
			return -TSR_EINVAL;
		if (!registers_at_rest(t))
			return -TSR_ESTATE; /* a running or blocked thread's registers are in use */
		if (method == TSR_TCB_READ_REGISTER)
			*result = *r;
		else if (args[0] >= TSR_REG_VCPU(VCPU_ich_vmcr_el2) && args[1])
			return -TSR_EINVAL; /* the virtual GIC's: emptied (a reset), or injected */
		else if (args[0] == 33 && !guest_pstate(args[1]))
			return -TSR_EINVAL;
		else
			*r = args[1];
		return 0;
	}
	case TSR_TCB_RESUME:
		if (t->slot[TCB_CSPACE].cap.type != TSR_OBJ_CNODE || !thread_vspace(t))
			return -TSR_ESTATE; /* not configured */
		thread_resume(t);
		return 0;
	case TSR_TCB_SUSPEND:
		thread_suspend(t);
		return 0;
	case TSR_TCB_BIND_SC:
		s = cap_arg(args[0], TSR_OBJ_SCHED_CONTEXT, &err, lookup);
		if (!s)
			return err ? err : -TSR_EEMPTY;
		struct sched_context *sc = (struct sched_context *)(uintptr_t)s->cap.obj;
		if (t->sc || sc->bound)
			return -TSR_EEXISTS;
		sc->bound = t;
		t->sc = sc;
		return 0;
	case TSR_TCB_BIND_VCPU:
		s = cap_arg(args[0], TSR_OBJ_VCPU, &err, lookup);
		if (!s)
			return err ? err : -TSR_EEMPTY;
		return vcpu_bind(t, (struct vcpu *)(uintptr_t)s->cap.obj);
	case TSR_TCB_BIND_NOTIFICATION:
		s = cap_arg(args[0], TSR_OBJ_NOTIFICATION, &err, lookup);
		if (!s)
			return err ? err : -TSR_EEMPTY;
		return notification_bind(t, s);
	case TSR_TCB_UNBIND_NOTIFICATION:
		if (!t->bound)
			return -TSR_ESTATE;
		notification_unbind(t);
		return 0;
	case TSR_TCB_SET_AFFINITY:
		if (args[0] >= cpus_online)
			return -TSR_EINVAL;
		scheduler_move(t, (unsigned)args[0]);
		return 0;
	case TSR_TCB_SET_NAME:
		for (unsigned i = 0; i < sizeof(t->name) - 1; i++) { /* printable, one line */
			char c = (char)(args[i / 8] >> (8 * (i % 8)));
			t->name[i] = !c ? c : c == '\n' || c == '\t' ? '?' : console_safe(c);
			if (!c)
				break;
		}
		t->name[sizeof(t->name) - 1] = '\0';
		return 0;
	case TSR_TCB_UNBIND_SC: /* authority over the time: the context's capability */
		s = cap_arg(args[0], TSR_OBJ_SCHED_CONTEXT, &err, lookup);
		if (!s)
			return err ? err : -TSR_EEMPTY;
		if (!t->sc || t->sc != (struct sched_context *)(uintptr_t)s->cap.obj)
			return -TSR_ESTATE;
		scheduler_unbind(t->sc);
		return 0;
	}
	return -TSR_ENOSYS;
}
