/* SPDX-License-Identifier: BSD-2-Clause */
/* Cross-core work in one place: secondary boot, kicks, remote calls, lazy state. */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <console.h>
#include <smp.h>
#include <thread.h>
#include <timer.h>
#include <traps.h>
#include <vcpu.h>

/*
 * Everything in the kernel is shared and protected by the one big lock (docs/smp.md),
 * except what a CPU holds in its own registers: the floating-point registers of its
 * fp_owner, the EL1 and virtual-GIC registers of its loaded_vcpu, the stage 2 it has
 * installed. Only that CPU can save them, so another CPU that needs them (to move,
 * stop or delete a thread, or to delete an address space) asks it with smp_call and
 * waits: the lock holder writes the request, the target answers while it waits for the
 * lock, or after an SGI brings it into the kernel from EL0 or a guest.
 */

unsigned cpus_online = 1;
struct percpu percpus[CPUS_MAX];

void smp_call(unsigned id, void (*fn)(void *), void *arg)
{
	struct percpu *cpu = cpu_get(id);
	if (cpu == this_cpu()) {
		fn(arg);
		return;
	}
	cpu->call_arg = arg;
	__atomic_store_n(&cpu->call_fn, fn, __ATOMIC_RELEASE);
	arch_send_ipi(id);
	arch_send_event();
	while (__atomic_load_n(&cpu->call_fn, __ATOMIC_ACQUIRE))
		arch_wait_event();
}

/* Waiting for the lock: answer the holder's call, if it made one. */
void smp_answer(void)
{
	struct percpu *cpu = this_cpu();
	void (*fn)(void *) = __atomic_load_n(&cpu->call_fn, __ATOMIC_ACQUIRE);
	if (fn) {
		fn(cpu->call_arg);
		__atomic_store_n(&cpu->call_fn, NULL, __ATOMIC_RELEASE);
		arch_send_event();
	}
}

/* On t's CPU, in memory again: its floating-point and guest registers. */
void smp_flush(struct thread *t)
{
	struct percpu *cpu = this_cpu();
	struct vcpu *v = t->vcpu;
	if (cpu->fp_owner == t) {
		arch_fp_enable();
		arch_fp_save(&t->fp);
		arch_fp_disable();
		cpu->fp_live = false;
		cpu->fp_owner = NULL;
	}
	if (v && cpu->loaded_vcpu == v) {
		if (cpu->in_guest)
			arch_vcpu_leave(v);
		cpu->in_guest = false;
		arch_vcpu_swap(v, NULL);
		cpu->loaded_vcpu = NULL;
	}
}

/* On t's CPU, at the request of another: t stops running here, too. Its entry to the
 * kernel (it was running, so it entered to answer) finds it gone (kernel_lock_wait). */
static void release_here(void *arg)
{
	struct thread *t = arg;
	struct percpu *cpu = this_cpu();
	smp_flush(t);
	if (cpu->current == t) {
		if (cpu->entry_frame == &t->ctx)
			arch_entry_undo(cpu); /* before another CPU may run it */
		scheduler_leave(cpu);
	}
}

void smp_release(struct thread *t)
{
	struct percpu *cpu = cpu_get(t->rq.cpu);
	if (cpu != this_cpu() &&
	    (cpu->current == t || cpu->fp_owner == t || (t->vcpu && cpu->loaded_vcpu == t->vcpu)))
		smp_call(t->rq.cpu, release_here, t);
}

static void forget_here(void *arg)
{
	struct percpu *cpu = this_cpu();
	if (cpu->active == arg) {
		cpu->active = NULL;
		arch_set_vttbr_empty();
	}
}

void smp_forget_vspace(struct vspace *vs)
{
	for (unsigned i = 0; i < cpus_online; i++)
		if (cpu_get(i)->active == vs)
			smp_call(i, forget_here, vs);
}

bool smp_vspace_in_use(const struct vspace *vs)
{
	for (unsigned i = 0; i < cpus_online; i++)
		if (cpu_get(i)->active == vs)
			return true;
	return false;
}

void smp_boot(void)
{
	arch_kernel_locking(true); /* before another CPU can run */
	for (unsigned id = 1; id < CPUS_MAX; id++) {
		struct percpu *cpu = cpu_get(id);
		if (plat_cpu_start(id))
			break; /* no such CPU: they are numbered densely */
		while (!__atomic_load_n(&cpu->online, __ATOMIC_ACQUIRE))
			arch_wait_event();
	}
	if (cpus_online == 1)
		arch_kernel_locking(false); /* alone: no lock to take */
	kprintf("smp: %u CPU%s online\n", cpus_online, cpus_online > 1 ? "s" : "");
}

/* Interrupts, timer, EL2 state, then the scheduler's idle loop until there is work. */
void smp_secondary_main(unsigned id)
{
	struct percpu *cpu = cpu_get(id);
	arch_cpu_init(id);
	rq_init(&cpu->rq);
	cpu->deadline = UINT64_MAX;
	kprintf("cpu %u: online, timer interrupt after %llu us\n", id,
		(unsigned long long)arch_timer_check());
	kernel_lock();
	cpus_online = id + 1; /* counted before it waits for work with the others */
	__atomic_store_n(&cpu->online, true, __ATOMIC_RELEASE);
	arch_send_event();
	return_to_user(schedule());
}
