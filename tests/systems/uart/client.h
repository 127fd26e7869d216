/* SPDX-License-Identifier: BSD-2-Clause */
/* The UART test's clients: lines written in pieces that interleave, then input. */
#include <mem.h>
#include <tessera/uart.h>

#define UART 0
#define INPUT 1

/* Three lines, each in two pieces with a yield between: the other client writes in
 * between, and the driver must still put each line out whole. */
static void write_lines(const char *who)
{
	char piece[64];
	for (int i = 1; i <= 3; i++) {
		fmt_snprintf(piece, sizeof(piece), "%s: line %d of 3, written ", who, i);
		tsr_uart_puts(UART, piece);
		tsr_yield();
		tsr_uart_puts(UART, "in two pieces\n");
		tsr_yield();
	}
}

/* Wait for a line of input (up to its newline) and echo it. */
static void read_line(const char *who, char *line, unsigned long size)
{
	unsigned long n = 0;
	while (n + 1 < size) {
		long got = tsr_uart_read(UART, line + n, size - 1 - n);
		if (got <= 0) {
			tsr_wait_notified(INPUT);
			continue;
		}
		n += (unsigned long)got;
		if (memchr(line, '\n', n))
			break;
	}
	line[n] = 0;
	char out[96];
	fmt_snprintf(out, sizeof(out), "%s: got input %s", who, line);
	tsr_uart_puts(UART, out);
}
