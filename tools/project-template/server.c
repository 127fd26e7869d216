/* SPDX-License-Identifier: BSD-2-Clause */
/* server: adds two numbers for its client, and answers its notification with one. */
#include <tessera/component.h>

#define CLIENT_CALLS 0 /* channel ids, as in system.toml */
#define CLIENT_NOTIFY 1
#define ADD 1 /* the one message label this server knows */

void init(void) { tsr_printf("server: ready\n"); }

unsigned long protected(unsigned channel, unsigned long info)
{
	if (channel != CLIENT_CALLS || TSR_MSG_LABEL(info) != ADD || TSR_MSG_LENGTH(info) != 2)
		return TSR_MSG(0, 0); /* label 0: not understood */
	tsr_mr_set(0, tsr_mr_get(0) + tsr_mr_get(1));
	return TSR_MSG(ADD, 1);
}

void notified(unsigned channel)
{
	if (channel == CLIENT_NOTIFY)
		tsr_notify(CLIENT_NOTIFY);
}
