/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of exception-syndrome decoding (kernel/src/esr.c), with syndromes seen on QEMU. */
#include "check.h"
#include <esr.h>

static const char *describe(uint64_t esr)
{
	static char buf[200];
	esr_describe(esr, buf, sizeof(buf));
	return buf;
}

TEST(el2_data_abort_seen_in_the_panic_test)
{
	CHECK_EQ_STR(describe(0x97d68005), "data abort taken without a change of EL: "
					   "translation fault, level 1, on a read");
}

TEST(el0_aborts)
{
	CHECK_EQ_STR(describe(0x93800006),
		     "data abort from a lower EL: translation fault, level 2, on a read");
	CHECK_EQ_STR(describe(0x9200004f),
		     "data abort from a lower EL: permission fault, level 3, on a write");
	CHECK_EQ_STR(describe(0x82000007), "instruction abort from a lower EL: translation "
					   "fault, level 3, on an instruction fetch");
	CHECK_EQ_STR(describe(0x92000061),
		     "data abort from a lower EL: alignment fault, on a write");
	CHECK_EQ_STR(describe(0x9200002a),
		     "data abort from a lower EL: fault status 0x2a, on a read");
}

TEST(calls_show_their_immediate)
{
	CHECK_EQ_STR(describe(0x56000000), "SVC (system call) #0");
	CHECK_EQ_STR(describe(0x5a000007), "HVC (hypercall) #7");
	CHECK_EQ_STR(describe(0xf2000001 | 0x3e8), "BRK instruction #1001");
}

TEST(other_classes)
{
	CHECK_EQ_STR(describe(0x02000000), "unknown reason (undefined instruction)");
	CHECK_EQ_STR(describe(0x1fe00000), "SIMD or floating-point access");
	CHECK_EQ_STR(describe(0x06000001), "WFI or WFE");
	CHECK_EQ_STR(describe(0x3full << 26), "reserved exception class");
	CHECK_EQ_STR(esr_class_name(0x40), "reserved exception class");
	CHECK_EQ_STR(esr_class_name(EC_SERROR), "SError interrupt");
}

TEST(field_macros)
{
	CHECK_EQ_INT(ESR_EC(0x97d68005), 0x25);
	CHECK_EQ_INT(ESR_IL(0x97d68005), 1);
	CHECK_EQ_U64(ESR_ISS(0x97d68005), 0x1d68005);
}

TEST(truncates_safely)
{
	char small[8];
	int n = esr_describe(0x97d68005, small, sizeof(small));
	CHECK_EQ_STR(small, "data ab");
	CHECK(n > 8);
}

int main(void) { return check_run(); }
