/* SPDX-License-Identifier: BSD-2-Clause */
/* tsr_printf: formatted output through the debug-write system call. */
#include <stdarg.h>
#include <tessera/user.h>

struct line {
	char buf[256];
	size_t len;
};

static void flush(struct line *l)
{
	if (l->len)
		tsr_debug_write(l->buf, l->len);
	l->len = 0;
}

static void put(void *ctx, char c)
{
	struct line *l = ctx;
	l->buf[l->len++] = c;
	if (l->len == sizeof(l->buf))
		flush(l);
}

int tsr_printf(const char *format, ...)
{
	struct line l = {.len = 0};
	va_list ap;
	va_start(ap, format);
	int n = fmt_vformat(put, &l, format, ap);
	va_end(ap);
	flush(&l);
	return n;
}
