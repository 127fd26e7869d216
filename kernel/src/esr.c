/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception syndrome decoding: exception classes and abort status codes in words. */
#include <esr.h>
#include <fmt.h>

static const char *const class_names[EC_COUNT] = {
    [0x00] = "unknown reason (undefined instruction)",
    [0x01] = "WFI or WFE",
    [0x03] = "AArch32 MCR/MRC (coproc 15)",
    [0x04] = "AArch32 MCRR/MRRC (coproc 15)",
    [0x05] = "AArch32 MCR/MRC (coproc 14)",
    [0x06] = "AArch32 LDC/STC",
    [0x07] = "SIMD or floating-point access",
    [0x0c] = "AArch32 MRRC (coproc 14)",
    [0x0d] = "branch target exception",
    [0x0e] = "illegal execution state",
    [0x11] = "SVC in AArch32",
    [0x12] = "HVC in AArch32",
    [0x13] = "SMC in AArch32",
    [0x15] = "SVC (system call)",
    [0x16] = "HVC (hypercall)",
    [0x17] = "SMC (secure monitor call)",
    [0x18] = "MSR, MRS or system instruction",
    [0x19] = "SVE access",
    [0x20] = "instruction abort from a lower EL",
    [0x21] = "instruction abort taken without a change of EL",
    [0x22] = "PC alignment fault",
    [0x24] = "data abort from a lower EL",
    [0x25] = "data abort taken without a change of EL",
    [0x26] = "SP alignment fault",
    [0x28] = "AArch32 floating-point exception",
    [0x2c] = "AArch64 floating-point exception",
    [0x2f] = "SError interrupt",
    [0x30] = "breakpoint from a lower EL",
    [0x31] = "breakpoint taken without a change of EL",
    [0x32] = "software step from a lower EL",
    [0x33] = "software step taken without a change of EL",
    [0x34] = "watchpoint from a lower EL",
    [0x35] = "watchpoint taken without a change of EL",
    [0x38] = "AArch32 BKPT",
    [0x3c] = "BRK instruction",
};

const char *esr_class_name(unsigned ec)
{
	if (ec < EC_COUNT && class_names[ec])
		return class_names[ec];
	return "reserved exception class";
}

/* Data and instruction fault status codes (ISS[5:0]); levels are in the low two bits. */
static const char *fault_kind(unsigned fsc, int *level)
{
	*level = (int)(fsc & 3);
	switch (fsc >> 2) {
	case 0:
		return "address size fault";
	case 1:
		return "translation fault";
	case 2:
		return "access flag fault";
	case 3:
		return "permission fault";
	case 5:
		return "synchronous external abort on table walk";
	}
	*level = -1;
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	}
	return NULL;
}

int esr_describe(uint64_t esr, char *buf, size_t size)
{
	unsigned ec = ESR_EC(esr);
	uint32_t iss = ESR_ISS(esr);
	const char *name = esr_class_name(ec);
	int level;

	switch (ec) {
	case EC_DABT_LOWER:
	case EC_DABT_SAME:
	case EC_IABT_LOWER:
	case EC_IABT_SAME: {
		const char *kind = fault_kind(iss & 0x3f, &level);
		const char *dir = ec == EC_DABT_LOWER || ec == EC_DABT_SAME
				      ? ((iss >> 6) & 1 ? ", on a write" : ", on a read")
				      : ", on an instruction fetch";
		if (!kind)
			return fmt_snprintf(buf, size, "%s: fault status 0x%x%s", name, iss & 0x3f,
					    dir);
		if (level >= 0)
			return fmt_snprintf(buf, size, "%s: %s, level %d%s", name, kind, level,
					    dir);
		return fmt_snprintf(buf, size, "%s: %s%s", name, kind, dir);
	}
	case EC_SVC64:
	case EC_HVC64:
	case EC_SMC64:
	case EC_BRK64:
		return fmt_snprintf(buf, size, "%s #%u", name, iss & 0xffff);
	}
	return fmt_snprintf(buf, size, "%s", name);
}
