/* SPDX-License-Identifier: BSD-2-Clause */
/* client: calls the server to add two numbers, then notifies it and waits for its answer. */
#include <tessera/component.h>

#define SERVER_CALLS 0 /* channel ids, as in system.toml */
#define SERVER_NOTIFY 1
#define ADD 1

void init(void)
{
	tsr_mr_set(0, 2);
	tsr_mr_set(1, 3);
	long reply = tsr_ppcall(SERVER_CALLS, TSR_MSG(ADD, 2));
	if (reply < 0 || TSR_MSG_LABEL(reply) != ADD)
		tsr_printf("client: the call failed (%ld)\n", reply);
	else
		tsr_printf("client: 2 + 3 = %lu\n", tsr_mr_get(0));
	tsr_notify(SERVER_NOTIFY);
}

void notified(unsigned channel)
{
	if (channel == SERVER_NOTIFY)
		tsr_printf("client: done\n");
}
