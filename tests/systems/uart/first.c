/* SPDX-License-Identifier: BSD-2-Clause */
/* first: holds the focus at the start; gets the first line typed. */
#include "client.h"
#include <tessera/timer.h>

void init(void)
{
	char line[64];
	write_lines("first");
	read_line("first", line, sizeof(line));
}
