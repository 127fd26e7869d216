/* SPDX-License-Identifier: BSD-2-Clause */
/* The EL2 physical timer: a monotonic counter and one one-shot deadline. */
#ifndef TIMER_H
#define TIMER_H

#include <arch/cpu.h>
#include <stdint.h>

void timer_init(void);
static inline uint64_t timer_now(void) { return arch_counter(); } /* counter ticks */
uint64_t timer_freq(void);					  /* ticks per second */
void timer_oneshot(uint64_t at); /* interrupt when the counter reaches `at` */
void timer_cancel(void);
void timer_irq(void); /* the timer's interrupt arrived */
uint64_t timer_fired_count(void);

#endif
