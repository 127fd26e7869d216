/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * raw.h: what the initramfs's own programs (tessera-call, tessera-bench) use instead of
 * a C library, which the initramfs does not have: Linux system calls by number (from
 * the kernel build's uapi headers), text output, the entry point.
 */
#ifndef TESSERA_INITRAMFS_RAW_H
#define TESSERA_INITRAMFS_RAW_H

#include <asm/unistd.h>
#include <linux/fcntl.h>

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

static inline long sys4(long n, long a, long b, long c, long d)
{
	return sys6(n, a, b, c, d, 0, 0);
}

static inline unsigned long length(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void put(const char *s, unsigned long n) { sys4(__NR_write, 1, (long)s, (long)n, 0); }

static inline void puts_(const char *s) { put(s, length(s)); }

static inline void put_number(unsigned long v)
{
	char digits[24];
	int i = sizeof(digits);
	do
		digits[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	put(digits + i, sizeof(digits) - (unsigned long)i);
}

static inline int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The program's main: argc at sp, argv above it (Linux's process entry). */
int main(int argc, char **argv);

__attribute__((used)) static void start(long *sp)
{
	sys4(__NR_exit_group, main((int)sp[0], (char **)(sp + 1)), 0, 0, 0);
}

__asm__(".global _start\n_start:\n\tmov x0, sp\n\tbl start\n");

#endif
