/* SPDX-License-Identifier: BSD-2-Clause */
/* Taking an interrupt: acknowledge, dispatch to its owner, end it. */
#ifndef IRQ_H
#define IRQ_H

#include <stdbool.h>

struct thread;

/* Take and handle one interrupt. True: the running guest's VMM is to hear of it
 * (vcpu_maintenance_exit). A thread a line's signal makes ready here is left in *woken,
 * on no queue (for schedule_woken), or queued when `woken` is NULL. */
bool irq_handle(struct thread **woken);

#endif
