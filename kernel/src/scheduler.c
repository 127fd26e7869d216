/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler: fixed priorities, round robin, budgets, a one-shot timer when needed. */
#include <arch/sysreg.h>
#include <cnode.h>
#include <console.h>
#include <ipc.h>
#include <plat.h>
#include <thread.h>
#include <timer.h>
#include <trace.h>
#include <vcpu.h>

/*
 * The running thread is on no ready queue (seL4's "lazy" queues): a call, a reply or a
 * wake-up that hands the CPU to another thread changes no queue unless the thread it
 * leaves stays runnable. schedule() compares the running thread with the head of the
 * highest queue: preempted by a higher priority (or by the partner IPC hands the CPU to
 * at its own) it goes back to the head of its queue, keeping what is left of its slice;
 * at the end of its slice, or when it yields, to the tail. A call and its reply hand the
 * CPU to the partner with the slice running on (as the fast path does), so a thread that
 * calls a server or exits to its VMM in a loop uses up its slice like one that computes,
 * and the others of its priority get their turns. A thread with a scheduling context
 * runs only while the context has budget; when it runs out the thread leaves the queue
 * ("throttled") until its next refill is released. The timer is set only for the nearest
 * of: the end of the slice (when another thread shares the priority), the end of the
 * budget, the next release.
 */
#define TIMESLICE_US 5000

uint64_t slice_ticks;

#define THREAD_OF(link) ((struct thread *)((char *)(link) - __builtin_offsetof(struct thread, rq)))

void scheduler_init(void)
{
	struct percpu *cpu = this_cpu();
	rq_init(&cpu->rq);
	cpu->deadline = UINT64_MAX;
	slice_ticks = timer_freq() * TIMESLICE_US / 1000000;
}

/* Off the ready queue until `release` (the throttled list holds both kinds). */
static void hold_until(struct percpu *cpu, struct thread *t, uint64_t release)
{
	rq_dequeue(&cpu->rq, &t->rq);
	t->release = release;
	struct thread **p = &cpu->throttled;
	while (*p && (*p)->release <= t->release)
		p = &(*p)->release_next;
	t->release_next = *p;
	*p = t;
}

/* A periodic task missed a deadline or overran its budget: its handler learns. */
static void timing_event(const struct sched_context *sc)
{
	const struct cap *h = &sc->handler.cap;
	if (h->type == TSR_OBJ_NOTIFICATION)
		notification_signal((struct notification *)(uintptr_t)h->obj, h->a ? h->a : 1);
}

static void throttle(struct percpu *cpu, struct thread *t)
{
	trace_record(TRACE_BUDGET, t, 0);
	if (t->sc->deadline && !t->sc->overran) { /* a periodic task's job outran its budget */
		t->sc->overran = true;
		t->sc->overruns++;
		timing_event(t->sc);
	}
	hold_until(cpu, t, sc_next_release(t->sc));
}

/* The other CPUs that wait for work; whether the first time all of them did was said. */
static unsigned cpus_idle;
static bool idle_reported;

void scheduler_sleep(struct thread *t, uint64_t until)
{
	struct percpu *cpu = this_cpu();
	t->state = THREAD_BLOCKED;
	t->ipc = IPC_WFI;
	if (until == UINT64_MAX)
		rq_dequeue(&cpu->rq, &t->rq);
	else
		hold_until(cpu, t, until);
}

/* Off the list of threads held until a time, if it is there (then true). */
static bool release_cancel(struct percpu *cpu, struct thread *t)
{
	for (struct thread **p = &cpu->throttled; *p; p = &(*p)->release_next)
		if (*p == t) {
			*p = t->release_next;
			t->release_next = NULL;
			return true;
		}
	return false;
}

void scheduler_remove(struct thread *t)
{
	struct percpu *cpu = thread_cpu(t);
	rq_dequeue(&cpu->rq, &t->rq);
	release_cancel(cpu, t);
}

/* Onto another CPU's queue, which it looks at once we drop the lock (its kick). */
static __attribute__((noinline)) void enqueue_remote(struct percpu *cpu, struct thread *t,
						     bool first)
{
	arch_send_ipi(cpu->id);
	if (first)
		rq_enqueue_head(&cpu->rq, &t->rq);
	else
		rq_enqueue(&cpu->rq, &t->rq);
}

/* Both ends are tail calls: a wake-up on this CPU needs no stack frame for the kick. */
static inline void enqueue(struct percpu *cpu, struct thread *t, bool first)
{
	if (cpu != this_cpu())
		enqueue_remote(cpu, t, first);
	else if (first)
		rq_enqueue_head(&cpu->rq, &t->rq);
	else
		enqueue_here(cpu, t);
}

void scheduler_ready(struct thread *t, bool first) { enqueue(thread_cpu(t), t, first); }

void scheduler_wake(struct thread *t)
{
	if (t->state != THREAD_BLOCKED || t->ipc != IPC_WFI)
		return; /* a sleeping guest is on no ready queue */
	struct percpu *cpu = thread_cpu(t);
	if (cpu->throttled)
		release_cancel(cpu, t);
	t->ipc = IPC_NONE;
	t->state = THREAD_RUNNABLE;
	enqueue(cpu, t, false);
}

/* The current thread's budget, charged for the time since it was dispatched. */
static __attribute__((noinline)) void charge_budget(struct percpu *cpu, struct thread *t,
						    uint64_t now)
{
	if (now > cpu->dispatched) {
		uint64_t avail = sc_available(t->sc, cpu->dispatched);
		uint64_t used = now - cpu->dispatched;
		sc_charge(t->sc, cpu->dispatched, used < avail ? used : avail);
	}
}

/* Charge the current thread for the time since it was dispatched (a thread without a
 * budget: nothing to charge, inline). */
static inline void charge(struct percpu *cpu, uint64_t now)
{
	struct thread *t = cpu->current;
	if (t && t->sc)
		charge_budget(cpu, t, now);
	cpu->dispatched = now;
}

void scheduler_leave(struct percpu *cpu)
{
	charge(cpu, timer_now());
	cpu->current = NULL;
}

void scheduler_move(struct thread *t, unsigned id)
{
	struct percpu *from = thread_cpu(t), *to = cpu_get(id);
	if (from == to)
		return;
	if (from == this_cpu()) {
		smp_flush(t);
		if (from->current == t) /* it moves itself: it leaves at the end of the call */
			scheduler_leave(from);
	} else {
		smp_release(t); /* it runs there no more, its registers are in memory */
	}
	bool held = release_cancel(from, t), queued = t->state == THREAD_RUNNABLE && !held;
	rq_dequeue(&from->rq, &t->rq); /* running there, it was on none */
	t->rq.cpu = (uint8_t)id;
	t->slice = 0;
	if (held) {
		hold_until(to, t, t->release);
		to->deadline = 0; /* its timer is looked at again */
	}
	if (queued)
		rq_enqueue(&to->rq, &t->rq);
	if (held || queued)
		smp_kick(id);
}

/* Threads whose budget is back rejoin their queues. */
static void release_due(struct percpu *cpu, uint64_t now)
{
	while (cpu->throttled && cpu->throttled->release <= now) {
		struct thread *t = cpu->throttled;
		cpu->throttled = t->release_next;
		t->release_next = NULL;
		trace_record(TRACE_RELEASE, t, 0);
		if (t->state == THREAD_BLOCKED && t->ipc == IPC_WFI) { /* a guest's deadline */
			t->ipc = IPC_NONE;
			t->state = THREAD_RUNNABLE;
		}
		if (t->state == THREAD_RUNNABLE)
			rq_enqueue(&cpu->rq, &t->rq);
	}
}

static struct thread *pick(struct percpu *cpu, uint64_t now)
{
	for (;;) {
		struct rq_link *l = rq_highest(&cpu->rq);
		if (!l)
			return NULL;
		struct thread *t = THREAD_OF(l);
		if (!t->sc || sc_available(t->sc, now))
			return t;
		throttle(cpu, t); /* no budget: wait for the next refill */
	}
}

static void set_timer(struct percpu *cpu, struct thread *t, uint64_t now)
{
	uint64_t deadline = UINT64_MAX;
	if (t) {
		if (cpu->rq.head[t->rq.prio]) /* others share the priority: slice */
			deadline = cpu->slice_end;
		if (t->sc) {
			uint64_t end = now + sc_available(t->sc, now);
			deadline = end < deadline ? end : deadline;
		}
	}
	if (cpu->throttled && cpu->throttled->release < deadline)
		deadline = cpu->throttled->release;
	if (deadline == cpu->deadline)
		return;
	cpu->deadline = deadline;
	if (deadline == UINT64_MAX)
		timer_cancel();
	else
		timer_oneshot(deadline);
}

/* Said once: the first time every CPU waits, with nothing queued or held for a time, is
 * worth knowing (tests end on it); after that, idling is what a system with timers does. */
static void report_idle(void)
{
	if (idle_reported || cpus_idle < cpus_online)
		return;
	for (unsigned i = 0; i < cpus_online; i++) /* kicked, not yet awake: not idle */
		if (cpu_get(i)->throttled || rq_highest(&cpu_get(i)->rq))
			return;
	kprintf("tessera: no runnable threads, idle\n");
	trace_flush();
	idle_reported = true;
}

/* Nothing to run: wait at EL2 for an interrupt (the timer, a device, another CPU's
 * kick), without the lock, counted among the idle CPUs meanwhile. Out of schedule()'s
 * way: a CPU that has work pays nothing for it. */
static __attribute__((noinline)) void idle_wait(void)
{
	cpus_idle++;
	report_idle();
	kernel_unlock();
	wfi();
	kernel_lock();
	cpus_idle--;
	irq_unmask();
	irq_mask();
}

struct frame *schedule(void)
{
	struct percpu *cpu = this_cpu();
	for (;;) {
		uint64_t now = timer_now();
		struct thread *cur = cpu->current;
		release_due(cpu, now);
		/* It may go on: runnable, not queued (it yielded) nor out of budget. */
		bool stays = cur && cur->state == THREAD_RUNNABLE && !cur->rq.queued;
		if (stays && now >= cpu->deadline)
			charge(cpu, now);
		if (stays && cur->sc && !sc_available(cur->sc, now)) {
			throttle(cpu, cur); /* no budget: wait for the next refill */
			stays = false;
		} else if (stays && now >= cpu->deadline && now >= cpu->slice_end) {
			stays = !scheduler_yield(); /* its slice is over: to the tail */
		}
		struct thread *next = pick(cpu, now);
		if (stays && (!next || next->rq.prio < cur->rq.prio ||
			      (next->rq.prio == cur->rq.prio && next != cpu->handoff))) {
			next = cur;
		} else {
			if (next) /* first at the highest priority */
				rq_pop(&cpu->rq, &next->rq);
			if (stays) /* preempted: first at its priority */
				rq_enqueue_head(&cpu->rq, &cur->rq);
		}
		if (next != cur) {
			charge(cpu, now);
			fp_switch_out(cpu);
			cpu->current = next;
			trace_record(TRACE_SWITCH, next, 0);
			if (cur && cur->rq.queued) /* preempted or yielded */
				slice_keep(cpu, cur, now);
			else if (cur)
				cur->slice = 0;
			if (next && next != cpu->handoff) /* else IPC handed it cur's slice */
				slice_start(cpu, next, now);
		}
		cpu->handoff = NULL;
		set_timer(cpu, next, now);
		if (next) {
			struct vspace *vs = thread_vspace(next);
			if (vs != cpu->active || (vs && !vs->vmid)) {
				vspace_activate(vs);
				cpu->active = vs;
			}
			struct vcpu *v = next->vcpu;
			if (cpu->in_guest && cpu->loaded_vcpu != v) {
				arch_vcpu_leave(cpu->loaded_vcpu);
				cpu->in_guest = false;
			}
			if (v && !cpu->in_guest) {
				if (v != cpu->loaded_vcpu) {
					arch_vcpu_swap(cpu->loaded_vcpu, v);
					cpu->loaded_vcpu = v;
				}
				arch_vcpu_enter(v);
				cpu->in_guest = true;
			}
			return &next->ctx;
		}
		idle_wait();
	}
}

bool scheduler_yield(void)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	if (!t || t->rq.queued || !cpu->rq.head[t->rq.prio])
		return false; /* alone at its priority: nothing to give way to */
	rq_enqueue(&cpu->rq, &t->rq);
	cpu->slice_end = timer_now() + slice_ticks;
	return true;
}

void scheduler_unbind(struct sched_context *sc)
{
	struct thread *t = sc->bound;
	if (!t)
		return;
	struct percpu *cpu = thread_cpu(t);
	if (cpu->current == t)
		charge(cpu, timer_now());
	/* A throttled thread returns to its queue: it runs on time slices now. */
	for (struct thread **p = &cpu->throttled; *p; p = &(*p)->release_next)
		if (*p == t) {
			*p = t->release_next;
			if (t->state == THREAD_RUNNABLE)
				rq_enqueue(&cpu->rq, &t->rq);
			break;
		}
	t->sc = NULL;
	sc->bound = NULL;
}

/* The caller ends its job and waits for the next release of its periodic context. */
struct frame *sys_wait_period(struct frame *f)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	struct sched_context *sc = t->sc;
	uint64_t now = timer_now();
	if (!sc || !sc->deadline) {
		FRAME_RET(f) = (uint64_t)-TSR_ESTATE;
		return f;
	}
	charge(cpu, now);
	uint64_t next = sc->release ? sc->release + sc->period : now; /* the first: now */
	if (sc->release && now > sc->release + sc->deadline) {
		sc->misses++;
		timing_event(sc);
	}
	if (next + sc->deadline < now) { /* whole jobs went by: each a miss */
		uint64_t skipped = (now - next - sc->deadline - 1) / sc->period + 1;
		next += skipped * sc->period;
		sc->misses += (uint32_t)skipped;
		timing_event(sc);
	}
	sc->release = next;
	sc_release(sc, next);
	f->x[0] = 0;
	f->x[1] = next;
	f->x[2] = sc->misses;
	f->x[3] = sc->overruns;
	if (next > now)
		scheduler_sleep(t, next);
	return schedule();
}

/* sched_context, budget_us, period_us, deadline_us (0: a sporadic server), handler */
long sched_control_invoke(uint64_t method, const uint64_t *args,
			  struct cte *(*lookup)(uint64_t cptr, long *err))
{
	long err = 0;
	if (method != TSR_SCHED_CONTROL_CONFIGURE)
		return -TSR_ENOSYS;
	struct cte *s = lookup(args[0], &err), *h = NULL;
	if (!s)
		return err;
	if (s->cap.type != TSR_OBJ_SCHED_CONTEXT)
		return -TSR_ECAPTYPE;
	uint64_t freq = timer_freq(), budget_us = args[1], period_us = args[2],
		 deadline_us = args[3];
	if (!budget_us || !period_us || budget_us > period_us || period_us > 3600000000ULL ||
	    deadline_us > period_us)
		return -TSR_EINVAL;
	if (args[4] && !(h = lookup(args[4], &err)))
		return err;
	if (h && h->cap.type != TSR_OBJ_NOTIFICATION)
		return -TSR_ECAPTYPE;
	if (h && !(h->cap.rights & TSR_W))
		return -TSR_ERIGHTS;
	struct sched_context *sc = (struct sched_context *)(uintptr_t)s->cap.obj;
	if ((err = cap_delete(&sc->handler)))
		return err; /* preempted: the call restarts, the slot now empty */
	if (h)
		cdt_insert(&sc->handler, &h->cap, h);
	struct percpu *cpu = sc->bound ? thread_cpu(sc->bound) : this_cpu();
	uint64_t now = timer_now();
	if (sc->bound && cpu->current == sc->bound)
		charge(cpu, now);
	sc_configure(sc, budget_us * freq / 1000000, period_us * freq / 1000000, now);
	sc->deadline = deadline_us * freq / 1000000;
	if (deadline_us && !sc->deadline)
		sc->deadline = 1; /* under a tick: still periodic */
	cpu->deadline = 0;	  /* re-evaluate the timer at the next schedule() */
	smp_kick(cpu->id);
	return 0;
}
