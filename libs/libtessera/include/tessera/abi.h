/* SPDX-License-Identifier: BSD-2-Clause */
/* Tessera system-call ABI: the one definition of numbers, registers and errors. */
#ifndef TESSERA_ABI_H
#define TESSERA_ABI_H

/*
 * Calling convention (EL0 -> EL2): `svc #0`, call number in x8, arguments in
 * x0..x5, result in x0 (>= 0 success, < 0 a negated TSR_E* error code). All other
 * general-purpose registers are preserved. docs/abi.md documents each call; a tool
 * test checks that it lists every call and error defined here.
 *
 * X(number, NAME, arguments, what it does)
 */
#define TSR_SYSCALLS(X)                                                               \
	X(0, NULL, "none", "does nothing and returns 0 (the cost of a system call)")  \
	X(1, DEBUG_WRITE, "x0 = address, x1 = length (at most 4096)",                 \
	  "writes bytes from the caller's memory to the kernel console; returns the " \
	  "number written")                                                           \
	X(2, EXIT, "x0 = status",                                                     \
	  "stops the calling thread; the kernel reports the "                         \
	  "status on the console and does not return")                                \
	X(3, DEBUG_SHUTDOWN, "x0 = status",                                           \
	  "powers the machine off; under test QEMU exits with the status")

/* X(value, NAME, meaning) — returned negated in x0. */
#define TSR_ERRORS(X)                                 \
	X(0, OK, "success")                           \
	X(1, NOSYS, "no system call has this number") \
	X(2, INVAL, "an argument is out of range")    \
	X(3, FAULT, "a buffer is not mapped with the rights the call needs")

enum tsr_syscall {
#define TSR_X(n, name, args, what) TSR_SYS_##name = (n),
	TSR_SYSCALLS(TSR_X)
#undef TSR_X
	    TSR_SYS_COUNT
};

enum tsr_error {
#define TSR_X(n, name, what) TSR_E##name = (n),
	TSR_ERRORS(TSR_X)
#undef TSR_X
	    TSR_ERROR_COUNT
};

#define TSR_DEBUG_WRITE_MAX 4096

/* The first program's start: entered at its ELF entry point with SP at the top of a
 * stack of TSR_STACK_SIZE bytes mapped read-write below TSR_STACK_TOP. */
#define TSR_STACK_TOP 0x40000000UL
#define TSR_STACK_SIZE 0x10000UL

#endif
