/* SPDX-License-Identifier: BSD-2-Clause */
/* Client side of the UART driver: strings out in chunks, input in. */
#include <mem.h>
#include <tessera/object.h>
#include <tessera/uart.h>

long tsr_uart_puts(unsigned ch, const char *s)
{
	unsigned long n = strlen(s);
	while (n) {
		unsigned long words[5] = {0}, k = n < TSR_UART_CHUNK ? n : TSR_UART_CHUNK;
		memcpy(words, s, k);
		tsr_mr_set(0, k);
		for (unsigned i = 0; i < 5; i++)
			tsr_mr_set(i + 1, words[i]);
		long r = tsr_ppcall(ch, TSR_MSG(TSR_UART_WRITE, 6));
		if (r < 0)
			return r;
		if (TSR_MSG_LABEL(r) == TSR_UART_BUSY) {
			tsr_yield(); /* the driver drains its queue meanwhile */
			continue;
		}
		if (TSR_MSG_LABEL(r) != TSR_UART_WRITE)
			return -TSR_EINVAL;
		s += k, n -= k;
	}
	return 0;
}

long tsr_uart_read(unsigned ch, char *buf, unsigned long max)
{
	long r = tsr_ppcall(ch, TSR_MSG(TSR_UART_READ, 0));
	if (r < 0)
		return r;
	unsigned long words[5], n = tsr_mr_get(0);
	for (unsigned i = 0; i < 5; i++)
		words[i] = tsr_mr_get(i + 1);
	if (n > TSR_UART_CHUNK)
		n = TSR_UART_CHUNK;
	if (n > max)
		n = max;
	memcpy(buf, words, n);
	return (long)n;
}
