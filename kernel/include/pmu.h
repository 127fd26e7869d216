/* SPDX-License-Identifier: BSD-2-Clause */
/* Performance counters: chosen per image (pmu.c for benchmarks, pmu_absent.c otherwise). */
#ifndef PMU_H
#define PMU_H

void pmu_init(void);
const char *pmu_state(void);

#endif
