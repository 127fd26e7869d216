/* SPDX-License-Identifier: BSD-2-Clause */
/* early: three short sleeps while the other client sleeps longer. */
#include "sleep.h"

void init(void)
{
	for (int i = 0; i < 3; i++)
		sleep_and_check("early", 2000);
	tsr_printf("early: %d failed\n", failed);
}
