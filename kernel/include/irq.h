/* SPDX-License-Identifier: BSD-2-Clause */
/* Taking an interrupt: acknowledge, dispatch to its owner, end it. */
#ifndef IRQ_H
#define IRQ_H

#include <stdbool.h>

/* Take and handle one interrupt. True: the running guest's VMM is to hear of it
 * (vcpu_maintenance_exit). */
bool irq_handle(void);

#endif
