/* SPDX-License-Identifier: BSD-2-Clause */
/* A tiny freestanding AArch64 program: real input for the ELF parser test. */

void start(void);

volatile unsigned long counter = 1;	     /* .data */
static volatile unsigned char scratch[8192]; /* .bss: memsz > filesz */

void start(void)
{
	for (;;) {
		scratch[counter % sizeof(scratch)]++;
		counter++;
	}
}
