/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console: polled output for boot messages, reports and panics. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void console_putc(char c);
void console_write(const char *s, size_t len);
/* Text from a thread: control characters other than tab and newline (escape sequences,
 * carriage returns, NULs) become '?', so no thread can rewrite what the console shows. */
void console_write_text(const char *s, size_t len);
/* c as console_write_text shows it. */
static inline char console_safe(char c)
{
	return c == '\n' || c == '\t' || ((unsigned char)c >= 0x20 && c != 0x7f) ? c : '?';
}
/* What the kernel wrote while a user-level driver owns the UART (consumed). */
size_t console_read(char *buf, size_t len);
/* A user-level driver takes the UART (true) or lets it go (false: the kernel writes to
 * it again, and first what is left in the log). A panic lets it go. */
void console_take(bool by_driver);
int kvprintf(const char *format, va_list ap);
int kprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
