/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception set-up and the C side of the EL2 vectors. */
#ifndef TRAPS_H
#define TRAPS_H

#include <arch/frame.h>
#include <stdbool.h>
#include <stdint.h>

/* Vectors, CPU id's per-CPU pointer and stack, and the EL2 controls for running threads
 * at EL0. */
void traps_init(unsigned id);
/* vectors.S, when the big lock is held by another CPU: on entry from EL0 or a guest
 * (LOCK_SYNC or LOCK_IRQ; the frame saved), and from kernel_lock (C). */
void kernel_lock_wait(uint32_t ticket, struct frame *f, unsigned kind);
void kernel_lock_spin(uint32_t ticket);

/* Enter the thread whose frame this is at EL0 or in its guest, dropping the big lock if
 * the kernel takes it (vectors.S). */
__attribute__((noreturn)) void return_to_user_locked(struct frame *f);
__attribute__((noreturn)) void return_to_user_unlocked(struct frame *f);
extern bool kernel_locking; /* other CPUs run: the kernel takes the big lock (smp.h) */
__attribute__((noreturn)) static inline void return_to_user(struct frame *f)
{
	if (kernel_locking)
		return_to_user_locked(f);
	return_to_user_unlocked(f);
}

/* Called from vectors.S: handlers for EL0 return the frame of what runs next. */
struct frame *handle_el0_sync(struct frame *f);
struct frame *handle_el0_irq(struct frame *f);
struct frame *handle_el0_bad(struct frame *f);
void handle_el2_sync(struct frame *f);
void handle_el2_bad(struct frame *f);
void handle_el2_irq(struct frame *f);

#endif
