/* SPDX-License-Identifier: BSD-2-Clause */
/* greeter: a native component that a virtual machine calls, as another component would. */
#include <fmt.h>
#include <mem.h>
#include <tessera/component.h>

#define GUEST 0 /* the call channel from the VM */
#define GREET 1 /* w0..: a name, its bytes packed in the words; the reply: a greeting */
#define ECHO 2	/* the reply: the same words, silently (the Linux guest's benchmark) */

void init(void) { tsr_printf("greeter: ready\n"); }

/* The guest's call arrives like any component's: its words are the registers x2..x7 of
 * its TSR_HVC_CHANNEL hypercall, and the kernel passes it on without the VMM. */
unsigned long protected(unsigned channel, unsigned long info)
{
	unsigned long words[TSR_MSG_SHORT_WORDS] = {0};
	unsigned long n = TSR_MSG_LENGTH(info);
	if (channel != GUEST || n > TSR_MSG_SHORT_WORDS)
		return TSR_MSG(0, 0); /* label 0: not understood */
	if (TSR_MSG_LABEL(info) == ECHO)
		return TSR_MSG(ECHO, n); /* the words received are the reply's, unchanged */
	if (TSR_MSG_LABEL(info) != GREET)
		return TSR_MSG(0, 0);
	char name[sizeof(words) + 1] = {0}, greeting[sizeof(words)] = {0};
	for (unsigned i = 0; i < n; i++)
		words[i] = tsr_mr_get(i);
	memcpy(name, words, sizeof(words));
	fmt_snprintf(greeting, sizeof(greeting), "hello, %s", name); /* cut short if need be */
	tsr_printf("greeter: VM \"%s\" called, answering \"%s\"\n", name, greeting);
	memcpy(words, greeting, sizeof(words));
	for (unsigned i = 0; i < TSR_MSG_SHORT_WORDS; i++)
		tsr_mr_set(i, words[i]);
	return TSR_MSG(GREET, strlen(greeting) / 8 + 1); /* the words up to its NUL */
}
