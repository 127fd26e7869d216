/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmm_bench_signaller: the native end of the vmm_bench guest's interrupts. Below the
 * guest, it runs only while the guest sleeps in WFI; once the guest says it is ready, it
 * writes its instruction counter where the guest reads it and signals the guest's notify
 * channel, which preempts it: the guest's interrupt handler counts from there
 * (vmm_virq_inject). When the guest sleeps again, the next round.
 */
#include "vmm_bench.h"
#include <tessera/clock.h>
#include <tessera/component.h>

#define GUEST 0 /* the notify channel to the guest */

unsigned long shared; /* the region "virq_time", set at load (manifest setvar) */

void init(void)
{
	struct vmm_bench_time *time = (struct vmm_bench_time *)shared;
	tsr_wait_notified(GUEST);
	for (int i = 0; i < VMM_BENCH_ROUNDS; i++) {
		time->t0 = tsr_instructions();
		tsr_notify(GUEST);
	}
}
