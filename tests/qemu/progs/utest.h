/* SPDX-License-Identifier: BSD-2-Clause */
/* Checks for EL0 test programs: each CHECK counts; the run ends with "N passed, N failed". */
#ifndef UTEST_H
#define UTEST_H

#include <tessera/user.h>

static int utest_passed, utest_failed;

#define CHECK_EQ(actual, expected)                                                              \
	do {                                                                                    \
		long a_ = (long)(actual), e_ = (long)(expected);                                \
		if (a_ == e_) {                                                                 \
			utest_passed++;                                                         \
		} else {                                                                        \
			utest_failed++;                                                         \
			tsr_printf("FAIL %s:%d: %s is %ld, expected %ld\n", __FILE__, __LINE__, \
				   #actual, a_, e_);                                            \
		}                                                                               \
	} while (0)

/* Reports and ends the test: QEMU exits with the number of failures. */
static inline __attribute__((noreturn)) void utest_finish(void)
{
	tsr_printf("%d passed, %d failed\n", utest_passed, utest_failed);
	tsr_debug_shutdown(utest_failed);
}

#endif
