/* SPDX-License-Identifier: BSD-2-Clause */
/* clock: reads the date from the rtc driver and sets a one-second alarm. */
#include <tessera/timer.h>

#define RTC 0
#define RTC_ALARM 1
#define GET 1
#define ALARM 2

static unsigned long now(void)
{
	long r = tsr_ppcall(RTC, TSR_MSG(GET, 0));
	return r >= 0 && TSR_MSG_LABEL(r) == GET ? tsr_mr_get(0) : 0;
}

/* The date of a day count since 1970-01-01 (the proleptic Gregorian calendar). */
static void date(unsigned long days, unsigned long *y, unsigned long *m, unsigned long *d)
{
	unsigned long z = days + 719468, era = z / 146097, doe = z - era * 146097;
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

void init(void)
{
	unsigned long t = now(), y, m, d;
	date(t / 86400, &y, &m, &d);
	tsr_printf("clock: it is %04lu-%02lu-%02lu %02lu:%02lu:%02lu UTC\n", y, m, d, t / 3600 % 24,
		   t / 60 % 60, t % 60);

	tsr_mr_set(0, 1);
	if (tsr_ppcall(RTC, TSR_MSG(ALARM, 1)) != (long)TSR_MSG(ALARM, 0)) {
		tsr_printf("clock: the driver refused the alarm\n");
		return;
	}
	tsr_wait_notified(RTC_ALARM);
	unsigned long later = now();
	tsr_printf("clock: the alarm rang %lu s later\n", later - t);
}
