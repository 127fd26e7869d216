/* SPDX-License-Identifier: BSD-2-Clause */
/* first: holds the focus at the start; gets the first line typed. */
#include "client.h"
#include <tessera/timer.h>

/* Bad requests get "not understood" (label 0), and the driver goes on serving. */
static void bad_requests(void)
{
	tsr_mr_set(0, 41); /* more than a chunk */
	long r1 = tsr_ppcall(UART, TSR_MSG(TSR_UART_WRITE, 6));
	long r2 = tsr_ppcall(UART, TSR_MSG(77, 0));		/* no such request */
	long r3 = tsr_ppcall(UART, TSR_MSG(TSR_UART_WRITE, 2)); /* wrong length */
	char out[80];
	fmt_snprintf(out, sizeof(out), "first: bad requests refused: %s\n",
		     r1 == 0 && r2 == 0 && r3 == 0 ? "yes" : "NO");
	tsr_uart_puts(UART, out);
}

void init(void)
{
	char line[64];
	bad_requests();
	write_lines("first");
	read_line("first", line, sizeof(line));
}
