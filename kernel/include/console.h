/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console: polled output for boot messages, reports and panics. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_putc(char c);
void console_write(const char *s, size_t len);
int kvprintf(const char *format, va_list ap);
int kprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
