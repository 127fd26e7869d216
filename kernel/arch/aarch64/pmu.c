/* SPDX-License-Identifier: BSD-2-Clause */
/* PMU for benchmark images: count retired instructions at EL2 and EL0, readable at EL0. */
#include <arch/sysreg.h>
#include <pmu.h>

#define PMCR_E (1UL << 0)
#define PMCR_P (1UL << 1)
#define PMCR_C (1UL << 2)
#define PMU_EVT_INST_RETIRED 0x08UL
#define PMU_FILTER_NSH (1UL << 27) /* also count at EL2 */
#define PMUSERENR_EN (1UL << 0)

/* Under QEMU -icount shift=0 both counters count retired instructions, run to run the same. */
void pmu_init(void)
{
	write_sysreg(pmevtyper0_el0, PMU_EVT_INST_RETIRED | PMU_FILTER_NSH);
	write_sysreg(pmccfiltr_el0, PMU_FILTER_NSH);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_C);
	write_sysreg(pmcntenset_el0, (1UL << 31) | 1UL);
	write_sysreg(pmuserenr_el0, PMUSERENR_EN);
	write_sysreg(mdcr_el2, read_sysreg(mdcr_el2) & ~(MDCR_TPM | MDCR_TPMCR));
	isb();
}

const char *pmu_state(void) { return "counting instructions, readable at EL0 (benchmark image)"; }
