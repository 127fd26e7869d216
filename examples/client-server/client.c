/* SPDX-License-Identifier: BSD-2-Clause */
/* client: calls the server to add numbers, then notifies it and waits for the answer. */
#include <tessera/component.h>

#define SERVER_CALLS 0
#define SERVER_NOTIFY 1
#define ADD 1

void init(void)
{
	for (unsigned long i = 1; i <= 5; i++) {
		tsr_mr_set(0, i);
		tsr_mr_set(1, 10 * i);
		long reply = tsr_ppcall(SERVER_CALLS, TSR_MSG(ADD, 2));
		if (reply < 0 || TSR_MSG_LABEL(reply) != ADD || tsr_mr_get(0) != 11 * i)
			tsr_printf("client: call %lu went wrong (%ld)\n", i, reply);
		else
			tsr_printf("client: %lu + %lu = %lu\n", i, 10 * i, tsr_mr_get(0));
	}
	tsr_notify(SERVER_NOTIFY);
}

void notified(unsigned channel)
{
	if (channel == SERVER_NOTIFY)
		tsr_printf("client: the server answered the notification, done\n");
}
