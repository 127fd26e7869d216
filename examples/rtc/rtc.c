/* SPDX-License-Identifier: BSD-2-Clause */
/* rtc: a driver for the PL031 real-time clock: the time, and one alarm. */
#include <tessera/driver.h>

/* PL031 registers (ARM PrimeCell RTC, DDI 0224). */
#define RTCDR 0x00   /* data: seconds */
#define RTCMR 0x04   /* match: the alarm */
#define RTCIMSC 0x10 /* interrupt mask set: 1 enables the alarm interrupt */
#define RTCMIS 0x18  /* masked interrupt status */
#define RTCICR 0x1c  /* interrupt clear */

/* Channels (system.toml). */
#define CLIENT_CALLS 0
#define CLIENT_ALARM 1
#define IRQ 2

/* Requests: label GET (reply w0 = seconds since 1970), ALARM (w0 = seconds from now;
 * the client is notified when it rings). Anything else: label 0, not understood. */
#define GET 1
#define ALARM 2

unsigned long regs; /* set at load to where the registers are mapped (setvar) */

void init(void)
{
	tsr_write32(regs + RTCIMSC, 0);
	tsr_write32(regs + RTCICR, 1);
	tsr_printf("rtc: ready, the clock reads %u\n", tsr_read32(regs + RTCDR));
}

unsigned long protected(unsigned channel, unsigned long info)
{
	if (channel != CLIENT_CALLS)
		return TSR_MSG(0, 0);
	switch (TSR_MSG_LABEL(info)) {
	case GET:
		tsr_mr_set(0, tsr_read32(regs + RTCDR));
		return TSR_MSG(GET, 1);
	case ALARM:
		if (TSR_MSG_LENGTH(info) != 1 || tsr_mr_get(0) == 0 || tsr_mr_get(0) > 86400)
			return TSR_MSG(0, 0); /* at least a second, at most a day */
		tsr_write32(regs + RTCMR, tsr_read32(regs + RTCDR) + (uint32_t)tsr_mr_get(0));
		tsr_write32(regs + RTCIMSC, 1);
		return TSR_MSG(ALARM, 0);
	}
	return TSR_MSG(0, 0);
}

void notified(unsigned channel)
{
	if (channel != IRQ)
		return;
	if (tsr_read32(regs + RTCMIS) & 1) {
		tsr_write32(regs + RTCIMSC, 0); /* one alarm at a time */
		tsr_write32(regs + RTCICR, 1);	/* the device lowers its interrupt */
		tsr_notify(CLIENT_ALARM);
	}
	tsr_irq_ack(IRQ); /* then the kernel unmasks the line */
}
