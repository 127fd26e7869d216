/* SPDX-License-Identifier: BSD-2-Clause */
/* client: drives the test: a crash of its server, the retry after the restart. */
#include <tessera/component.h>

#define FLAKY 0
#define BYSTANDER 1

static int failed;

static long add(unsigned long a, unsigned long b, unsigned long label)
{
	tsr_mr_set(0, a);
	tsr_mr_set(1, b);
	return tsr_ppcall(FLAKY, TSR_MSG(label, 2));
}

static void expect(int ok, const char *what)
{
	tsr_printf("client: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed += !ok;
}

void init(void)
{
	expect(add(2, 3, 1) >= 0 && tsr_mr_get(0) == 5, "flaky adds");
	long r = add(1, 1, 2);
	expect(r == -TSR_EPEER, "a call that crashes flaky fails with TSR_EPEER");
	expect(add(4, 5, 1) >= 0 && tsr_mr_get(0) == 9 && tsr_mr_get(1) == 1,
	       "flaky serves again, restarted from its initial image");
	expect(tsr_ppcall(BYSTANDER, TSR_MSG(1, 0)) >= 0 && tsr_mr_get(0) == 42,
	       "the bystander is unaffected");
	tsr_printf("client: %d failed\n", failed);
	tsr_debug_shutdown(failed);
}
