/* SPDX-License-Identifier: BSD-2-Clause */
/* Time for components: the counter, and sleeps and timeouts from the timer service. */
#ifndef TESSERA_TIMER_H
#define TESSERA_TIMER_H

#include <tessera/component.h>

/*
 * Reading the time needs no service: the virtual counter is readable at EL0. Waiting
 * does: the timer service (userland/drivers/timer) owns the EL1 physical timer and
 * notifies each client at its deadline. A client has two channels to it: a call channel
 * `call` (client end) and a notify channel `notify`; on the service's side they are
 * ids k and k + 32, k < TSR_TIMER_CLIENTS (docs/writing-a-driver.md shows the manifest).
 */
#define TSR_TIMER_SET 1	     /* w0 = deadline in ns (tsr_now_ns clock), 0 cancels */
#define TSR_TIMER_CRASH 99   /* tests: the service faults (crash containment) */
#define TSR_TIMER_CLIENTS 30 /* notify ids 32..61; 62 is left for the interrupt */

/* Nanoseconds since boot. */
unsigned long tsr_now_ns(void);
/* Ask for a notification on `notify` at `deadline_ns`; 0 or a negative error. */
long tsr_timer_at(unsigned call, unsigned long deadline_ns);
/* Sleep `us` microseconds: ask for the notification, then wait for it (other
 * notifications that arrive meanwhile go to notified()). 0 or a negative error. */
long tsr_sleep_us(unsigned call, unsigned notify, unsigned long us);

#endif
