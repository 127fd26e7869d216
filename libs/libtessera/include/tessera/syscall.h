/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call stubs: `svc #0`, number in x8, arguments in x0..x5, result in x0. */
#ifndef TESSERA_SYSCALL_H
#define TESSERA_SYSCALL_H

#include <stddef.h>
#include <tessera/abi.h>

static inline long tsr_syscall2(long nr, long a0, long a1)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : TSR_SVC_CLOBBERS);
	return x0;
}

static inline long tsr_null(void) { return tsr_syscall2(TSR_SYS_NULL, 0, 0); }

/* The kernel's log, while a user-level driver owns the UART (the driver prints it):
 * `console_irq` is the UART interrupt's handler capability, which only the driver has. */
static inline long tsr_debug_read(void *buf, size_t len, unsigned long console_irq)
{
	register long x8 __asm__("x8") = TSR_SYS_DEBUG_READ;
	register long x0 __asm__("x0") = (long)buf;
	register long x1 __asm__("x1") = (long)len;
	register unsigned long x2 __asm__("x2") = console_irq;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : TSR_SVC_CLOBBERS);
	return x0;
}

static inline long tsr_debug_write(const void *buf, size_t len)
{
	return tsr_syscall2(TSR_SYS_DEBUG_WRITE, (long)buf, (long)len);
}

static inline long tsr_yield(void)
{
	register unsigned long x8 __asm__("x8") = TSR_SYS_YIELD;
	register unsigned long x0 __asm__("x0");
	__asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : TSR_SVC_CLOBBERS);
	return (long)x0;
}

static inline __attribute__((noreturn)) void tsr_exit(int status)
{
	tsr_syscall2(TSR_SYS_EXIT, status, 0);
	__builtin_unreachable();
}

/* Power off, under a test harness; elsewhere (refused) the calling thread exits. */
static inline __attribute__((noreturn)) void tsr_debug_shutdown(int status)
{
	tsr_syscall2(TSR_SYS_DEBUG_SHUTDOWN, status, 0);
	tsr_exit(status);
}

#endif
