/* SPDX-License-Identifier: BSD-2-Clause */
/* The latency histogram of periodic tasks (tessera/periodic.h). */
#include <tessera/clock.h>
#include <tessera/periodic.h>
#include <tessera/user.h>

void tsr_latency_add(struct tsr_latency *h, const struct tsr_job *job)
{
	unsigned long ticks = tsr_counter() - job->release;
	h->bucket[ticks < TSR_LATENCY_BUCKETS ? ticks : TSR_LATENCY_BUCKETS - 1]++;
	if (!h->count || ticks < h->min_ticks)
		h->min_ticks = ticks;
	if (ticks > h->max_ticks)
		h->max_ticks = ticks;
	h->count++;
}

/* The smallest latency (ticks) that at least `per_mille` thousandths of the jobs met. */
static unsigned long quantile(const struct tsr_latency *h, unsigned long per_mille)
{
	unsigned long want = (h->count * per_mille + 999) / 1000, seen = 0;
	for (unsigned long t = 0; t < TSR_LATENCY_BUCKETS - 1; t++)
		if ((seen += h->bucket[t]) >= want)
			return t;
	return h->max_ticks;
}

/* The histogram's figures in ns: min, median, p99, p99.9, max. */
static void figures(const struct tsr_latency *h, unsigned long f[5])
{
	unsigned long ns = 1000000000UL / tsr_counter_hz(); /* per tick */
	f[0] = h->min_ticks * ns;
	f[1] = quantile(h, 500) * ns;
	f[2] = quantile(h, 990) * ns;
	f[3] = quantile(h, 999) * ns;
	f[4] = h->max_ticks * ns;
}

void tsr_latency_report(const struct tsr_latency *h, const char *name, const struct tsr_job *job)
{
	unsigned long f[5];
	figures(h, f);
	tsr_printf("%s: latency ns: min %lu median %lu p99 %lu p99.9 %lu max %lu count %lu "
		   "misses %lu overruns %lu\n",
		   name, f[0], f[1], f[2], f[3], f[4], h->count, job->misses, job->overruns);
}

void tsr_latency_bench(const struct tsr_latency *h, const char *name, const struct tsr_job *job)
{
	unsigned long f[5];
	figures(h, f);
	tsr_printf("BENCH %s histogram min=%lu median=%lu p99=%lu p999=%lu max=%lu periods=%lu "
		   "misses=%lu wake-up latency from release to first instruction (ns of virtual "
		   "time)\n",
		   name, f[0], f[1], f[2], f[3], f[4], h->count, job->misses);
}
