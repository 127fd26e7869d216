/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_server: the victims' server, at the fuzzer's priority. It answers every call with
 * its first word plus one (the victim checks each answer; the fuzzer's calls carry any
 * message info), and handles the fuzzer's faults: an unknown system call is answered
 * (the call returns 0), any other fault is reported and leaves the fuzzer stopped, which
 * fails the test.
 */
#include <tessera/component.h>

#define CH_FUZZER_FAULTS 2

static unsigned long unknown_calls;

unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel;
	(void)info;
	tsr_mr_set(0, tsr_mr_get(0) + 1);
	return TSR_MSG(0, 1);
}

bool fault(unsigned channel, unsigned long info)
{
	if (channel == CH_FUZZER_FAULTS && TSR_MSG_LABEL(info) == TSR_FAULT_SYSCALL) {
		unknown_calls++;
		tsr_mr_set(0, 0);
		return true;
	}
	tsr_printf("fuzz_server: the fuzzer faulted: label %lu, syndrome %lx, address %lx, pc %lx "
		   "(after %lu unknown calls answered)\n",
		   TSR_MSG_LABEL(info), tsr_mr_get(0), tsr_mr_get(1), tsr_mr_get(2), unknown_calls);
	return false;
}

void init(void) {}
