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
#include "raw.h"
#include "uapi/tessera_channel.h"

static int fail(const char *why)
{
	puts_("tessera-call: ");
	puts_(why);
	puts_("\n");
	return 1;
}

int main(int argc, char **argv)
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
	long fd = sys4(__NR_openat, AT_FDCWD, (long)path, O_RDWR, 0);
	if (fd < 0)
		return fail("cannot open the channel's device");
	if (sys4(__NR_ioctl, fd, TESSERA_CHANNEL_CALL, (long)&m, 0) < 0)
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
