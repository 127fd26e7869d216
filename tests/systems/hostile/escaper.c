/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * escaper: a component under a 2 ms / 10 ms budget that tries to leave it, then spins
 * forever. Its own TCB capability (every component holds one, with all rights) must not
 * be enough to unbind its scheduling context, whichever capability it names as the
 * context: the victim below it keeps its 80% only if every attempt is refused.
 */
#include <tessera/component.h>
#include <tessera/object.h>
#include <tessera/spec_format.h>

void init(void)
{
	unsigned refused = 0;
	for (unsigned long slot = 0; slot < (1UL << TSR_COMPONENT_CNODE_BITS); slot++)
		refused += tsr_tcb_unbind_sc(TSR_COMPONENT_SLOT_TCB, slot) < 0;
	tsr_printf("escaper: %u of %lu ways off my budget refused, spinning\n", refused,
		   1UL << TSR_COMPONENT_CNODE_BITS);
	for (;;)
		__asm__ volatile("" ::: "memory");
}
