/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory and string functions: words where alignment allows, else bytes. */
#include <mem.h>
#include <stdint.h>

/* Words where both sides are 8-byte aligned, then bytes. */
typedef uint64_t __attribute__((may_alias)) word;

/* Aligned: 64 bytes a step (eight words in registers: the compiler makes them four load
 * pairs and four store pairs), then words, then bytes. The kernel copies full and
 * extended messages with it: a 2 KiB message is 32 steps. */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const word *from = (const word *)s;
			word a = from[0], b = from[1], c = from[2], e = from[3], f = from[4],
			     g = from[5], h = from[6], i = from[7], *to = (word *)d;
			to[0] = a, to[1] = b, to[2] = c, to[3] = e, to[4] = f, to[5] = g;
			to[6] = h, to[7] = i;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word *)d = *(const word *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	if (!((uintptr_t)d & 7))
		for (word w = 0x0101010101010101ULL * (unsigned char)c; n >= 8; n -= 8, d += 8)
			*(word *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
