/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: the first program at EL0; it prints through a system call and exits. */
#include <tessera/user.h>

int main(void)
{
	tsr_printf("Hello from EL0: the first Tessera program, printing through a system call.\n");
	return 0;
}
