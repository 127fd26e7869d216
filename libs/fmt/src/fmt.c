/* SPDX-License-Identifier: BSD-2-Clause */
/* Formatted output: a small printf without floating point. */
#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

#define FMT_INT_MAX __INT_MAX__

enum { LEN_NONE, LEN_H, LEN_HH, LEN_L, LEN_LL, LEN_Z };

struct sink {
	fmt_out_fn out; /* NULL: store into buf instead */
	void *ctx;
	char *buf;
	size_t size, count;
};

struct spec {
	bool left, zero, alt;
	int width, prec, len; /* width 0, prec negative when absent; LEN_* */
};

static void put(struct sink *s, char c)
{
	if (s->out)
		s->out(s->ctx, c);
	else if (s->size && s->count < s->size - 1)
		s->buf[s->count] = c;
	s->count++;
}

static void pad(struct sink *s, char c, int64_t n)
{
	while (n-- > 0)
		put(s, c);
}

/* A decimal number (saturating near FMT_INT_MAX), or for '*' the next int argument. */
static int get_num(const char **p, va_list *ap)
{
	int n = 0;

	if (**p == '*') {
		(*p)++;
		return va_arg(*ap, int);
	}
	for (; **p >= '0' && **p <= '9'; (*p)++)
		n = n >= FMT_INT_MAX / 10 - 1 ? FMT_INT_MAX : n * 10 + (**p - '0');
	return n;
}

/* Write prefix (plen chars), `zeros` '0's and str[0..len), padded to the width. */
static void emit_field(struct sink *s, const struct spec *sp, const char *prefix, int plen,
		       int64_t zeros, const char *str, size_t len)
{
	int64_t fill = (int64_t)sp->width - plen - zeros - (int64_t)len;

	if (!sp->left)
		pad(s, ' ', fill);
	while (*prefix)
		put(s, *prefix++);
	pad(s, '0', zeros);
	for (size_t i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		pad(s, ' ', fill);
}

static void emit_num(struct sink *s, const struct spec *sp, uint64_t v, unsigned int base,
		     bool upper, const char *prefix)
{
	static const char digit_set[] = "0123456789abcdef0123456789ABCDEF";
	char buf[24]; /* enough for 2^64 - 1 in decimal */
	int pos = (int)sizeof(buf), n, plen = 0;
	int64_t zeros;

	for (; v; v /= base)
		buf[--pos] = digit_set[(upper ? 16 : 0) + v % base];
	if (pos == (int)sizeof(buf) && sp->prec < 0)
		buf[--pos] = '0';
	n = (int)sizeof(buf) - pos;
	while (prefix[plen])
		plen++;
	zeros = sp->prec > n ? sp->prec - n : 0;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > plen + n)
		zeros = sp->width - plen - n;
	emit_field(s, sp, prefix, plen, zeros, buf + pos, (size_t)n);
}

/* Fetch an integer argument; a signed one comes back sign-extended. */
static uint64_t get_int(int len, bool sgn, va_list *ap)
{
	int i;

	switch (len) {
	case LEN_HH: /* char and short arguments were promoted to int */
		i = va_arg(*ap, int);
		return sgn ? (uint64_t)(signed char)i : (unsigned char)i;
	case LEN_H:
		i = va_arg(*ap, int);
		return sgn ? (uint64_t)(short)i : (unsigned short)i;
	case LEN_L:
		return sgn ? (uint64_t)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	case LEN_LL:
		return sgn ? (uint64_t)va_arg(*ap, long long) : va_arg(*ap, unsigned long long);
	case LEN_Z:
		return sgn ? (uint64_t)va_arg(*ap, ptrdiff_t) : va_arg(*ap, size_t);
	default:
		return sgn ? (uint64_t)va_arg(*ap, int) : va_arg(*ap, unsigned int);
	}
}

/* Parse the flags, width, precision and length that follow '%'. */
static const char *parse_spec(struct spec *sp, const char *p, va_list *ap)
{
	for (; *p == '-' || *p == '0' || *p == '#'; p++) {
		sp->left |= *p == '-';
		sp->zero |= *p == '0';
		sp->alt |= *p == '#';
	}
	sp->width = get_num(&p, ap);
	if (sp->width < 0) {
		sp->left = true;
		sp->width = sp->width < -FMT_INT_MAX ? FMT_INT_MAX : -sp->width;
	}
	if (*p == '.') {
		p++;
		sp->prec = get_num(&p, ap); /* negative: as if absent */
	}
	if (*p == 'h' || *p == 'l') {
		int twice = p[1] == p[0];

		sp->len = (*p == 'h' ? LEN_H : LEN_L) + twice;
		p += 1 + twice;
	} else if (*p == 'z') {
		sp->len = LEN_Z;
		p++;
	}
	return p;
}

/* Handle one conversion starting at the '%' in start; return what follows it. */
static const char *convert(struct sink *s, const char *start, va_list *ap)
{
	struct spec sp = {.prec = -1};
	const char *p = parse_spec(&sp, start + 1, ap);
	const char *str;
	size_t len = 0;
	uint64_t v;
	char c;

	switch (*p) {
	case 'd':
	case 'i':
		v = get_int(sp.len, true, ap);
		emit_num(s, &sp, v >> 63 ? 0 - v : v, 10, false, v >> 63 ? "-" : "");
		break;
	case 'u':
	case 'x':
	case 'X':
		v = get_int(sp.len, false, ap);
		str = !sp.alt || !v || *p == 'u' ? "" : *p == 'X' ? "0X" : "0x";
		emit_num(s, &sp, v, *p == 'u' ? 10 : 16, *p == 'X', str);
		break;
	case 'p':
		sp.prec = 16;
		emit_num(s, &sp, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		while ((sp.prec < 0 || len < (size_t)sp.prec) && str[len])
			len++;
		emit_field(s, &sp, "", 0, 0, str, len);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_field(s, &sp, "", 0, 0, &c, 1);
		break;
	case '%':
		put(s, '%');
		break;
	default:
		/* Unknown or unfinished: print the text as written. */
		while (start < p)
			put(s, *start++);
		if (*p == '\0')
			return p;
		put(s, *p);
		break;
	}
	return p + 1;
}

static int run(struct sink *s, const char *p, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*p) {
		if (*p == '%')
			p = convert(s, p, &args);
		else
			put(s, *p++);
	}
	va_end(args);
	return s->count > FMT_INT_MAX ? FMT_INT_MAX : (int)s->count;
}

int fmt_vformat(fmt_out_fn out, void *ctx, const char *format, va_list ap)
{
	struct sink s = {.out = out, .ctx = ctx};

	return run(&s, format, ap);
}

int fmt_format(fmt_out_fn out, void *ctx, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vformat(out, ctx, format, ap);
	va_end(ap);
	return n;
}

int fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap)
{
	struct sink s = {.buf = buf, .size = size};
	int n = run(&s, format, ap);

	if (size)
		buf[s.count < size ? s.count : size - 1] = '\0';
	return n;
}

int fmt_append(char *buf, size_t size, int used, const char *format, ...)
{
	va_list ap;
	size_t at = used < 0 ? 0 : (size_t)used < size ? (size_t)used : size - 1;
	va_start(ap, format);
	int n = fmt_vsnprintf(buf + at, size - at, format, ap);
	va_end(ap);
	return at + (size_t)n < size ? (int)(at + (size_t)n) : (int)(size - 1);
}

int fmt_snprintf(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vsnprintf(buf, size, format, ap);
	va_end(ap);
	return n;
}
