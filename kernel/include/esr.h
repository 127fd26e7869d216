/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception syndrome (ESR_ELx) decoding into words, for reports and panics. */
#ifndef ESR_H
#define ESR_H

#include <stddef.h>
#include <stdint.h>

#define ESR_EC(esr) ((unsigned)((esr) >> 26) & 0x3f)
#define ESR_IL(esr) ((unsigned)((esr) >> 25) & 1)
#define ESR_ISS(esr) ((uint32_t)(esr)&0x1ffffff)

enum esr_class {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP = 0x07,
	EC_ILLEGAL = 0x0e,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOWER = 0x20,
	EC_IABT_SAME = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOWER = 0x24,
	EC_DABT_SAME = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_SERROR = 0x2f,
	EC_BRK64 = 0x3c,
	EC_COUNT = 0x40,
};

/* The syndrome of an SVC #0 from AArch64 (for fault messages about system calls). */
#define ESR_SVC64 (((uint64_t)EC_SVC64 << 26) | (1ULL << 25))

/* The architecture's name for an exception class, e.g. "data abort from a lower EL". */
const char *esr_class_name(unsigned ec);

/* A one-line description of the whole syndrome: class, and for aborts the fault
 * kind, level and access direction. Returns the length (as snprintf). */
int esr_describe(uint64_t esr, char *buf, size_t size);

#endif
