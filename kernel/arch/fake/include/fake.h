/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake arch and platform for host unit tests: what the kernel did, and getting control back. */
#ifndef FAKE_H
#define FAKE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Everything the kernel wrote to its console since the last fake_reset(). */
extern char fake_console[8192];
extern size_t fake_console_len;

/* Where wfi() (idle) and plat_poweroff() jump; tests setjmp() on it before calling
 * kernel code that may idle or power off. fake_stop says which happened. */
extern jmp_buf fake_stop_jump;
enum fake_stop { FAKE_RUNNING, FAKE_IDLE, FAKE_POWEROFF };
extern enum fake_stop fake_stop;
extern int fake_poweroff_status;

/* irq_pending() answers true on its fake_irq_after-th call (0: never). */
extern int fake_irq_after;
/* The timer: its counter (set by tests) and the deadline the kernel asked for. */
extern uint64_t fake_time, fake_timer;
extern uint64_t fake_vttbr_root; /* the stage-2 root last installed */
extern unsigned fake_tlb_flushes;
extern bool fake_irq_enabled[1024];

void fake_reset(void);

#endif
