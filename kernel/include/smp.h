/* SPDX-License-Identifier: BSD-2-Clause */
/* Several CPUs: the big kernel lock, per-CPU state by number, IPIs and remote calls. */
#ifndef SMP_H
#define SMP_H

#include <stdbool.h>
#include <stdint.h>

#define CPUS_MAX 8

struct percpu;
struct thread;
struct vspace;

/* CPUs started and running the kernel (0 is the boot CPU; they are numbered densely).
 * cpu_get(id): that CPU's struct percpu (thread.h, inline). */
extern unsigned cpus_online;

/*
 * The big kernel lock (docs/smp.md): taken on every entry from EL0 or a guest
 * (vectors.S) and dropped on the way out (return_to_user); a CPU with nothing to run
 * drops it while it waits for an interrupt. A ticket lock, so CPUs take it in turn.
 * While a CPU waits for it, it answers remote calls (smp_call). A kernel alone on its
 * machine never takes it: smp_boot turns it on (arch_kernel_locking) only if another
 * CPU starts.
 */
void kernel_lock(void);
void kernel_unlock(void);

/* Boot: start every other CPU the platform has (they join the scheduler idle). */
void smp_boot(void);
/* A secondary CPU's C entry, on its own stack, MMU off. */
__attribute__((noreturn)) void smp_secondary_main(unsigned id);

/* Make CPU `id` enter the kernel and look at its ready queue (an SGI); nothing if it
 * is this CPU (thread.h, inline). */
/* Run fn(arg) on CPU `id` and wait until it has: a CPU in the kernel waits for the lock
 * (held by the caller) and answers; a CPU at EL0 or in a guest is made to enter it.
 * This CPU: a plain call. */
void smp_call(unsigned id, void (*fn)(void *), void *arg);

/* A thread on another CPU is suspended, deleted or moved: it no longer runs there and
 * its lazily held floating-point and guest registers are back in memory. Waits for that
 * CPU; nothing for a thread of this CPU. */
void smp_release(struct thread *t);
/* This CPU's lazily held registers of t back to memory (smp_release's half here). */
void smp_flush(struct thread *t);
/* Waiting for the lock: answer the holder's smp_call, if it made one. */
void smp_answer(void);
/* An address space is deleted: no CPU keeps it installed. */
void smp_forget_vspace(struct vspace *vs);
/* Is vs installed on some CPU (its VMID may not be taken back)? */
bool smp_vspace_in_use(const struct vspace *vs);

/* Arch and platform: start CPU `id` at the kernel's secondary entry (0 or -error, e.g.
 * no such CPU); send the kernel's SGI to CPU `id`. */
int plat_cpu_start(unsigned id);
void arch_send_ipi(unsigned id);
void arch_kernel_locking(bool on); /* this CPU's entries take the lock, and later CPUs' */
void arch_send_event(void);	   /* SEV: waiters for the lock look again */
void arch_wait_event(void);	   /* WFE: until another CPU's SEV (or an interrupt) */
void arch_cpu_init(unsigned id);   /* a secondary's EL2 state, MMU, GIC, timer */
uint64_t arch_timer_check(void);   /* its timer's first interrupt: after how many us */
void arch_set_vttbr_empty(void);   /* stage 2 with nothing mapped installed */
/* The thread whose entry to the kernel waits for the lock on this CPU is taken away: a
 * system call or hypercall it made is made again when it runs next. */
void arch_entry_undo(struct percpu *cpu);

#endif
