/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmm_bench_server: the native server of the vmm_bench guest, through the component
 * runtime's event loop as any server: a call with label 0 gets an empty reply
 * (vmm_channel_roundtrip); label VMM_BENCH_END, once the guest has printed its figures
 * or failed, ends the run with the status in its first word.
 */
#include "vmm_bench.h"
#include <tessera/component.h>

void init(void) {}

unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel; /* the guest's, the only one */
	if (TSR_MSG_LABEL(info) == VMM_BENCH_END)
		tsr_debug_shutdown(tsr_mr_get(0) ? 1 : 0);
	return TSR_MSG(0, 0);
}
