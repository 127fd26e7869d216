/* SPDX-License-Identifier: BSD-2-Clause */
/* Client side of time: the counter, the timer service's calls, waiting in place. */
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/spec_format.h>
#include <tessera/timer.h>

unsigned long tsr_now_ns(void)
{
	unsigned long count = tsr_counter(), freq = tsr_counter_hz();
	return count / freq * 1000000000UL + count % freq * 1000000000UL / freq;
}

long tsr_timer_at(unsigned call, unsigned long deadline_ns)
{
	tsr_mr_set(0, deadline_ns);
	long r = tsr_ppcall(call, TSR_MSG(TSR_TIMER_SET, 1));
	return r < 0 ? r : (long)tsr_mr_get(0);
}

long tsr_sleep_us(unsigned call, unsigned notify, unsigned long us)
{
	long err = tsr_timer_at(call, tsr_now_ns() + us * 1000);
	if (err)
		return err;
	tsr_wait_notified(notify);
	return 0;
}
