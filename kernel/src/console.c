/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console: the UART until a user-level driver owns it, then a log it prints. */
#include <console.h>
#include <fmt.h>
#include <plat.h>
#include <stdarg.h>

/*
 * At boot the kernel writes to the UART itself (polled; LF becomes CR LF). Once a
 * user-level driver takes the UART's interrupt, the device is the driver's: everything
 * the kernel would print (its reports, and TSR_SYS_DEBUG_WRITE) goes into a log instead,
 * the driver is signalled, and it prints the log (TSR_SYS_DEBUG_READ) in whole lines
 * among its clients' output. Only a panic writes to the device again.
 */
#define LOG_SIZE 4096 /* a power of two */

static bool owned;	    /* a user-level driver owns the UART */
static char log[LOG_SIZE];  /* the kernel's output while it does */
static uint64_t head, tail; /* bytes written, read (tail >= head - LOG_SIZE) */
static uint64_t signalled;  /* head when the driver was last told */

void console_putc(char c)
{
	if (!owned) {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
		return;
	}
	log[head++ % LOG_SIZE] = c;
	if (head - tail > LOG_SIZE)
		tail = head - LOG_SIZE; /* the oldest is lost */
}

/* Tell the driver once per burst of output. */
static void flush(void)
{
	if (owned && head != signalled) {
		signalled = head;
		irq_console_output();
	}
}

void console_write(const char *s, size_t len)
{
	while (len--)
		console_putc(*s++);
	flush();
}

void console_write_text(const char *s, size_t len)
{
	while (len--)
		console_putc(console_safe(*s++));
	flush();
}

size_t console_read(char *buf, size_t len)
{
	size_t n = 0;
	while (n < len && tail != head)
		buf[n++] = log[tail++ % LOG_SIZE];
	return n;
}

void console_take(bool by_driver)
{
	owned = by_driver;
	if (!owned) /* back to the device: what the driver did not print first */
		while (tail != head)
			console_putc(log[tail++ % LOG_SIZE]);
}

static void out(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int kvprintf(const char *format, va_list ap)
{
	int n = fmt_vformat(out, NULL, format, ap);
	flush();
	return n;
}

int kprintf(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = kvprintf(format, ap);
	va_end(ap);
	return n;
}
