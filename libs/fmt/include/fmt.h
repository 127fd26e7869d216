/* SPDX-License-Identifier: BSD-2-Clause */
/* Formatted output shared by the kernel and user programs. */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions: %d %i %u %x %X %p %s %c %%, length modifiers hh h l ll z,
 * flags '-' '0' '#', field width (number or *), precision (number or *;
 * for %s the maximum length, for integers the minimum number of digits).
 * %p prints "0x" and 16 hex digits; %s of NULL prints "(null)"; an unknown
 * conversion is printed literally ("%q" -> "%q"). No floating point.
 */

/* Called once for every character produced. */
typedef void (*fmt_out_fn)(void *ctx, char c);

/* Return the number of characters emitted (saturated at INT_MAX). */
int fmt_vformat(fmt_out_fn out, void *ctx, const char *format, va_list ap);
int fmt_format(fmt_out_fn out, void *ctx, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Always NUL-terminate buf when size > 0; return the length the complete
 * output would have had (so the output was truncated iff result >= size).
 */
int fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Append to the string of `used` characters in buf (size > 0 bytes in all), which an
 * earlier call may have cut short (used >= size); return the new length, at most
 * size - 1: text that does not fit is dropped, never written past the end.
 */
int fmt_append(char *buf, size_t size, int used, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* FMT_H */
