/* SPDX-License-Identifier: BSD-2-Clause */
/* second: gets input once the user moved the focus (Ctrl-N), then ends the test. */
#include "client.h"
#include <tessera/timer.h>

void init(void)
{
	char line[64];
	write_lines("second");
	read_line("second", line, sizeof(line));
	tsr_uart_puts(UART, "second: done\n");
	for (int i = 0; i < 100; i++) /* let the driver drain its queue */
		tsr_yield();
	tsr_debug_shutdown(0);
}
