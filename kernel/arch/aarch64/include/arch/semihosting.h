/* SPDX-License-Identifier: BSD-2-Clause */
/* Semihosting's exit call: under QEMU (-semihosting-config enable=on), ends it with a status. */
#ifndef ARCH_SEMIHOSTING_H
#define ARCH_SEMIHOSTING_H

#include <stdint.h>

#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
#define SEMIHOST_APPLICATION_EXIT 0x20026

static inline void semihost_exit(int status)
{
	uint64_t block[2] = {SEMIHOST_APPLICATION_EXIT, (uint64_t)(int64_t)status};
	register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT_EXTENDED;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

#endif
