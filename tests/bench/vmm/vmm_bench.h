/* SPDX-License-Identifier: BSD-2-Clause */
/* What the vmm_bench guest (guest.c) and its native signaller (signaller.c) share. */
#ifndef VMM_BENCH_H
#define VMM_BENCH_H

/* Rounds of each benchmark: the figure is their median. The signaller signals the guest
 * this many times. */
#define VMM_BENCH_ROUNDS 65

/* The label of the guest's last call to the server, w0 = its status (0: the figures
 * are out): the server ends the run with it. */
#define VMM_BENCH_END 1

/* The region "virq_time": the signaller's instruction counter just before its signal. */
struct vmm_bench_time {
	volatile unsigned long t0;
};

#endif
