/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fp_regs: fills all 32 SIMD registers and FPCR with values of its own (from `seed`, set
 * by the manifest), spins on general registers long enough to be switched out and in
 * many times (another instance at the same priority does the same with another seed),
 * then checks every register: the kernel's lazy switching must have kept each thread's
 * own. Then a computation in C doubles, as a control loop would make.
 */
#include <stdint.h>
#include <tessera/component.h>

volatile unsigned long seed = 1;	 /* setvar */
volatile unsigned long spins = 20000000; /* setvar: iterations between filling and checking */

static uint64_t in[64], out[64];

static unsigned long check_registers(void)
{
	uint64_t fpcr = (seed & 3) << 22, fpcr_out, n = spins; /* FPCR.RMode: a rounding mode */
	for (unsigned i = 0; i < 64; i++)
		in[i] = seed * 0x9e3779b97f4a7c15UL ^ i;
	__asm__ volatile("msr fpcr, %[fpcr]\n"
			 "ldp q0, q1, [%[in], #0]\n ldp q2, q3, [%[in], #32]\n"
			 "ldp q4, q5, [%[in], #64]\n ldp q6, q7, [%[in], #96]\n"
			 "ldp q8, q9, [%[in], #128]\n ldp q10, q11, [%[in], #160]\n"
			 "ldp q12, q13, [%[in], #192]\n ldp q14, q15, [%[in], #224]\n"
			 "ldp q16, q17, [%[in], #256]\n ldp q18, q19, [%[in], #288]\n"
			 "ldp q20, q21, [%[in], #320]\n ldp q22, q23, [%[in], #352]\n"
			 "ldp q24, q25, [%[in], #384]\n ldp q26, q27, [%[in], #416]\n"
			 "ldp q28, q29, [%[in], #448]\n ldp q30, q31, [%[in], #480]\n"
			 "1: subs %[n], %[n], #1\n b.ne 1b\n"
			 "stp q0, q1, [%[out], #0]\n stp q2, q3, [%[out], #32]\n"
			 "stp q4, q5, [%[out], #64]\n stp q6, q7, [%[out], #96]\n"
			 "stp q8, q9, [%[out], #128]\n stp q10, q11, [%[out], #160]\n"
			 "stp q12, q13, [%[out], #192]\n stp q14, q15, [%[out], #224]\n"
			 "stp q16, q17, [%[out], #256]\n stp q18, q19, [%[out], #288]\n"
			 "stp q20, q21, [%[out], #320]\n stp q22, q23, [%[out], #352]\n"
			 "stp q24, q25, [%[out], #384]\n stp q26, q27, [%[out], #416]\n"
			 "stp q28, q29, [%[out], #448]\n stp q30, q31, [%[out], #480]\n"
			 "mrs %[fo], fpcr\n msr fpcr, xzr\n"
			 : [n] "+r"(n), [fo] "=&r"(fpcr_out)
			 : [fpcr] "r"(fpcr), [in] "r"(in), [out] "r"(out)
			 : "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
			   "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19",
			   "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29",
			   "v30", "v31");
	unsigned long wrong = fpcr_out != fpcr;
	for (unsigned i = 0; i < 64; i++)
		wrong += out[i] != in[i];
	return wrong;
}

void init(void)
{
	unsigned long wrong = check_registers();
	double sum = 0;
	for (int k = 1; k <= 1000; k++)
		sum += 1.0 / ((double)k * k);
	tsr_printf("fp_regs %lu: %lu of 64 register halves and FPCR wrong; sum of 1/k^2 to "
		   "1000 = %lu millionths\n",
		   seed, wrong, (unsigned long)(sum * 1e6));
}
