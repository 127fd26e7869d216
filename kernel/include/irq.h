/* SPDX-License-Identifier: BSD-2-Clause */
/* Taking an interrupt: acknowledge, dispatch to its owner, end it. */
#ifndef IRQ_H
#define IRQ_H

void irq_handle(void);

#endif
