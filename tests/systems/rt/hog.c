/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hog: a periodic task whose jobs need about six times its budget. The kernel counts an
 * overrun for each job that runs out of budget (and signals its timing channel), and
 * holds it until its budget comes back, so its jobs spread over several periods each:
 * it cannot take more than its budget from the threads below it. After `jobs` jobs it
 * says how many periods they took.
 */
#include <tessera/clock.h>
#include <tessera/component.h>
#include <tessera/periodic.h>

volatile unsigned long jobs = 4;	 /* setvar */
volatile unsigned long work = 100000;	 /* setvar: loop iterations a job */
volatile unsigned long period_us = 1000; /* setvar: as its manifest's period_us */

void init(void)
{
	struct tsr_job job;
	tsr_wait_period(&job);
	unsigned long first = job.release;
	for (unsigned long n = 0; n < jobs; n++) {
		for (volatile unsigned long i = 0; i < work; i++)
			;
		tsr_wait_period(&job);
	}
	unsigned long periods = (job.release - first) / (tsr_counter_hz() / 1000000 * period_us);
	tsr_printf("hog: %lu jobs took %lu periods: %lu overruns, %lu misses\n", jobs, periods,
		   job.overruns, job.misses);
	for (;;)
		tsr_wait_period(&job);
}
