/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tessera-call: call a native component from the Linux guest, through its channel
 * device (drivers/tessera_channel.c, uapi/tessera_channel.h).
 *
 *   tessera-call CHANNEL LABEL [TEXT]
 *
 * sends TEXT (up to 48 bytes, packed into the message's words) with LABEL on the call
 * channel /dev/tessera/CHANNEL and prints the reply: its label, its length in words and
 * its words as text (up to the first NUL). Exit status 0 on a reply, 1 otherwise.
 * Built without a C library (the initramfs has none): raw system calls only.
 */
#include "uapi/tessera_channel.h"

#define SYS_OPENAT 56
#define SYS_IOCTL 29
#define SYS_WRITE 64
#define SYS_EXIT 93
#define AT_FDCWD (-100)
#define O_RDWR 2

static long sys4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}

static unsigned long length(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static void put(const char *s, unsigned long n) { sys4(SYS_WRITE, 1, (long)s, (long)n, 0); }

static void puts_(const char *s) { put(s, length(s)); }

static void put_number(unsigned long v)
{
	char digits[24];
	int i = sizeof(digits);
	do
		digits[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	put(digits + i, sizeof(digits) - (unsigned long)i);
}

static int fail(const char *why)
{
	puts_("tessera-call: ");
	puts_(why);
	puts_("\n");
	return 1;
}

static int call(int argc, char **argv)
{
	static char path[80] = "/dev/tessera/";
	struct tessera_channel_msg m = {0};
	unsigned long label = 0, n, k = length(path);
	if (argc < 3)
		return fail("usage: tessera-call CHANNEL LABEL [TEXT]");
	for (const char *c = argv[1]; *c && k < sizeof(path) - 1; c++)
		path[k++] = *c;
	for (const char *c = argv[2]; *c; c++) {
		if (*c < '0' || *c > '9' || label > 0xffff)
			return fail("LABEL is a number, 0..65535");
		label = label * 10 + (unsigned long)(*c - '0');
	}
	n = argc > 3 ? length(argv[3]) : 0;
	if (n > sizeof(m.words))
		return fail("TEXT is longer than 48 bytes");
	for (unsigned long i = 0; i < n; i++)
		((char *)m.words)[i] = argv[3][i];
	m.label = (unsigned short)label;
	m.length = (unsigned short)((n + 7) / 8);
	long fd = sys4(SYS_OPENAT, AT_FDCWD, (long)path, O_RDWR, 0);
	if (fd < 0)
		return fail("cannot open the channel's device");
	if (sys4(SYS_IOCTL, fd, TESSERA_CHANNEL_CALL, (long)&m, 0) < 0)
		return fail("the call failed");
	const char *text = (const char *)m.words;
	unsigned long len = 0;
	while (len < m.length * 8UL && text[len])
		len++;
	puts_("reply: label ");
	put_number(m.label);
	puts_(", ");
	put_number(m.length);
	puts_(" words: \"");
	put(text, len);
	puts_("\"\n");
	return 0;
}

/* The entry point: argc at sp, argv above it. */
__attribute__((used)) static void start(long *sp)
{
	sys4(SYS_EXIT, call((int)sp[0], (char **)(sp + 1)), 0, 0, 0);
}

__asm__(".global _start\n_start:\n\tmov x0, sp\n\tbl start\n");
