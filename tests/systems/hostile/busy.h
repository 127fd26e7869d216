/* SPDX-License-Identifier: BSD-2-Clause */
/* busy.h: a round of work that only the CPU can finish (about 16 million instructions,
 * 16 ms of virtual time under -icount shift=0). */
#ifndef HOSTILE_BUSY_H
#define HOSTILE_BUSY_H

static inline void busy_round(void)
{
	for (volatile unsigned long i = 0; i < 4000000; i++)
		;
}

#endif
