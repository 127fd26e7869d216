/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel console output over the platform UART; LF becomes CR LF. */
#include <console.h>
#include <fmt.h>
#include <plat.h>
#include <stdarg.h>

void console_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

void console_write(const char *s, size_t len)
{
	while (len--)
		console_putc(*s++);
}

static void out(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int kvprintf(const char *format, va_list ap) { return fmt_vformat(out, NULL, format, ap); }

int kprintf(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = kvprintf(format, ap);
	va_end(ap);
	return n;
}
