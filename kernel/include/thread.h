/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads (TCB objects), the scheduler, and the per-CPU state. */
#ifndef THREAD_H
#define THREAD_H

#include <arch/cpu.h>
#include <arch/frame.h>
#include <cap.h>
#include <sc.h>
#include <sched.h>
#include <smp.h>
#include <trace.h>
#include <vspace.h>

enum thread_state {
	THREAD_INACTIVE,  /* made, never resumed */
	THREAD_RUNNABLE,  /* running (on no queue), in a ready queue, or throttled */
	THREAD_SUSPENDED, /* stopped: by suspend, a fault or exit */
	THREAD_BLOCKED,	  /* in IPC: see ipc */
};

/* What a blocked thread waits for. */
enum ipc_wait {
	IPC_NONE,
	IPC_SEND,  /* in an endpoint's queue, to send (or call) */
	IPC_RECV,  /* in an endpoint's queue, to receive */
	IPC_REPLY, /* for the reply to its call from `partner` */
	IPC_WAIT,  /* in a notification's queue */
	IPC_WFI,   /* a guest in WFI: until a virtual interrupt, or its timer's deadline */
};

/* A blocked sender's message is in its registers, except a fault's (in `fault`). */
#define SEND_CALL 1U
#define SEND_GRANT 2U
#define SEND_FAULT 4U
#define SEND_VCPU 8U /* a guest's call through a direct channel */

/* Capabilities a thread holds: copies made by TCB_CONFIGURE, children of the
 * originals, so revoking those takes them away from the thread too. */
enum tcb_slot { TCB_CSPACE, TCB_VSPACE, TCB_UTCB, TCB_FAULT_EP, TCB_SLOTS };

/* Floating-point and SIMD registers: v0..v31 (128 bits each), FPCR, FPSR. */
struct fp_regs {
	uint64_t v[64];
	uint64_t fpcr, fpsr;
};

#define THREAD_NO_FP TSR_TCB_NO_FP /* flags: its FP or SIMD use is a fault */

struct thread {
	struct frame ctx; /* first: SP_EL2 points here while the thread runs at EL0 */
	struct rq_link rq;
	struct sched_context *sc;    /* budget and period, or NULL: time slices only */
	struct thread *release_next; /* throttled threads, by release time */
	uint64_t release;
	uint64_t slice; /* preempted: what is left of its time slice (ticks); 0: a whole one */
	uint8_t mcp;	/* priority is rq.prio */
	uint8_t state;
	uint8_t flags; /* THREAD_NO_FP */
	uint64_t utcb;
	/* IPC */
	uint8_t ipc;	    /* enum ipc_wait */
	uint8_t send_flags; /* SEND_* of a blocked sender or caller */
	void *blocked_on;   /* the endpoint or notification whose queue holds it */
	struct thread *q_next, *q_prev;
	struct thread *caller;	/* a server: the call it owes a reply */
	struct thread *partner; /* IPC_REPLY: the server that owes it one */
	uint64_t send_badge;
	uint64_t fault[7]; /* a fault message: info, then six words (four used) */
	struct notification *bound;
	struct vcpu *vcpu; /* bound: the thread runs guest code at EL1 */
	char name[24];
	struct cte slot[TCB_SLOTS];
	struct fp_regs fp; /* in memory unless the thread is its CPU's fp_owner */
};
_Static_assert(__builtin_offsetof(struct thread, ctx) == 0, "ctx first");
_Static_assert(sizeof(struct thread) <= 2048, "a TCB object is 2 KiB");

/* Per-CPU state; TPIDR_EL2 points at this CPU's (cpu_get(id) at another's: kernel/src/
 * smp.c). Offsets shared with vectors.S. */
struct percpu {
	uint64_t stack_top;
	struct thread *current;
	struct vspace *active;	  /* the stage-2 tables installed */
	uint64_t dispatched;	  /* when current started running (counter ticks) */
	uint64_t slice_end;	  /* when current's time slice ends */
	struct thread *handoff;	  /* IPC handed the CPU (and the slice) to it: call, reply
				   * (set only on the way to schedule(), which clears it) */
	uint64_t deadline;	  /* what the timer is set to, or UINT64_MAX */
	struct thread *throttled; /* waiting for budget, by release time */
	uint8_t id;
	bool in_guest;		  /* set up for loaded_vcpu's guest (else: native) */
	bool fp_live;		  /* the FP registers are open to the running thread (no trap) */
	struct vcpu *loaded_vcpu; /* whose guest registers the CPU holds, or NULL */
	struct thread *fp_owner;  /* whose floating-point registers the CPU holds */
	struct runqueue rq;
	struct thread **collect; /* while a signal is delivered (sys_signal, an interrupt):
				  * the first thread it makes ready here goes there, not on
				  * the queue, for schedule_woken */
	/* Below: what only several CPUs need (kernel/src/smp.c). */
	uintptr_t irq_cpu;	 /* the interrupt controller's part for this CPU (GICv3: its
				  * redistributor) */
	void (*call_fn)(void *); /* smp_call: what the lock holder asks this CPU to do */
	void *call_arg;
	bool online;
	uint8_t entry_kind;	   /* LOCK_SYNC or LOCK_IRQ: how entry_frame came in */
	struct frame *entry_frame; /* saved on entry, waiting for the lock (or NULL) */
};
_Static_assert(__builtin_offsetof(struct percpu, stack_top) == PERCPU_STACK_TOP, "percpu");

static inline struct percpu *this_cpu(void) { return arch_this_cpu(); }

extern struct percpu percpus[CPUS_MAX]; /* kernel/src/smp.c */
static inline struct percpu *cpu_get(unsigned id) { return &percpus[id]; }

static inline void smp_kick(unsigned id)
{
	if (id != this_cpu()->id)
		arch_send_ipi(id);
}

/* Floating point, lazily: a thread's first FP or SIMD instruction after it was switched
 * in traps; thread_fp() then gives it the registers (saving the previous owner's) and
 * opens them until it is switched out again (fp_switch_out, at every switch). A thread
 * that never uses them costs nothing. arch: fp.S. */
void arch_fp_save(struct fp_regs *fp);
void arch_fp_load(const struct fp_regs *fp);
void arch_fp_enable(void); /* arch_fp_disable: arch/cpu.h */
struct frame *thread_fp(struct thread *t, struct frame *f);
static inline void fp_switch_out(struct percpu *cpu)
{
	if (__builtin_expect(cpu->fp_live, 0)) {
		arch_fp_disable();
		cpu->fp_live = false;
	}
}
static inline struct thread *thread_current(void) { return this_cpu()->current; }
/* The CPU whose ready queue t joins (its affinity). */
static inline struct percpu *thread_cpu(const struct thread *t) { return cpu_get(t->rq.cpu); }

/* A zeroed TCB becomes an inactive thread named after its address. */
void thread_init(struct thread *t);
/* Stops t and reports why on the console (faults, exit). */
void thread_stop(struct thread *t, const char *why);
/* Makes a suspended or new thread runnable / takes it off the CPU. */
void thread_resume(struct thread *t);
void thread_suspend(struct thread *t);
/* The last capability to a TCB went: take the thread off the CPU for good. */
void thread_destroy(struct thread *t);
/* Not running and not in IPC: suspended, stopped by a fault, or never started. */
bool thread_stopped(const struct thread *t);
/* The address space a thread runs in, or NULL. Its capability keeps the space alive (the
 * space goes with the last one, which takes this copy first), so its handle needs none
 * of vspace_get's checks, which are for a frame's record of where it is mapped. */
static inline struct vspace *thread_vspace(const struct thread *t)
{
	const struct cap *c = &t->slot[TCB_VSPACE].cap;
	return c->type == TSR_OBJ_VSPACE ? &vspace_table[c->a & (VSPACE_IDS - 1)] : NULL;
}

long tcb_invoke(struct thread *t, uint64_t method, const uint64_t *args, uint64_t *result,
		struct cte *(*lookup)(uint64_t cptr, long *err));

/* Scheduler (kernel/src/scheduler.c). */
void scheduler_init(void);
/* What runs next on this CPU; waits for interrupts while nothing can. */
struct frame *schedule(void);
/* The current thread gives way to the others of its priority; false when there are
 * none (then nothing changed and the caller may simply return to it). */
bool scheduler_yield(void);
void scheduler_unbind(struct sched_context *sc);
/* Off its ready queue and the list of threads held until a time. */
void scheduler_remove(struct thread *t);
/* A guest waits for an interrupt (IPC_WFI), until `until` (UINT64_MAX: no deadline) or
 * scheduler_wake. */
void scheduler_sleep(struct thread *t, uint64_t until);
void scheduler_wake(struct thread *t);
/* t became runnable: on its CPU's ready queue (at the head: `first`), which is kicked
 * if it is another. */
void scheduler_ready(struct thread *t, bool first);
/* t's CPU becomes `cpu` (stopped, blocked or running: it moves). */
void scheduler_move(struct thread *t, unsigned cpu);
/* The thread running on `cpu` (this CPU) stops running there, moved or stopped from
 * anywhere: charged for its time there until now, and no longer current. */
void scheduler_leave(struct percpu *cpu);
/* A thread made ready on this CPU, last at its priority: onto the queue, or collected
 * while a signal is delivered (percpu.collect). */
static inline void enqueue_here(struct percpu *cpu, struct thread *t)
{
	if (cpu->collect && !*cpu->collect)
		*cpu->collect = t;
	else
		rq_enqueue(&cpu->rq, &t->rq);
}
/* The length of a time slice (counter ticks). */
extern uint64_t slice_ticks;
/* Time slices when this CPU's current thread gives way to `next` at `now` (its time
 * charged already): the current one, preempted (back at the head of its queue), keeps
 * what is left of its slice; `next` starts one (what it kept, or a whole one). */
static inline void slice_keep(struct percpu *cpu, struct thread *preempted, uint64_t now)
{
	preempted->slice = cpu->slice_end > now ? cpu->slice_end - now : 1;
}
static inline void slice_start(struct percpu *cpu, struct thread *next, uint64_t now)
{
	cpu->slice_end = now + (next->slice ? next->slice : slice_ticks);
}
/* TSR_SYS_WAIT_PERIOD: the caller's job is done; it waits for its next release. */
struct frame *sys_wait_period(struct frame *f);
long sched_control_invoke(uint64_t method, const uint64_t *args,
			  struct cte *(*lookup)(uint64_t cptr, long *err));

#endif
