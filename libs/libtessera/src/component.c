/* SPDX-License-Identifier: BSD-2-Clause */
/* The component runtime: its CSpace layout, channels, and the event loop. */
#include <tessera/component.h>
#include <tessera/ipc.h>
#include <tessera/object.h>
#include <tessera/spec_format.h>

static struct tsr_msg msg;			  /* the current message */
unsigned long *const tsr_component_words = msg.w; /* its words: tsr_mr_get, tsr_mr_set */

void tsr_notify(unsigned channel) { tsr_signal(TSR_COMPONENT_CHANNEL_SLOT(channel)); }

long tsr_ppcall(unsigned channel, unsigned long info)
{
	msg.info = info;
	long err = tsr_call(TSR_COMPONENT_CHANNEL_SLOT(channel), &msg);
	return err < 0 ? err : (long)msg.info;
}

void tsr_wait_notified(unsigned channel)
{
	for (;;) {
		long bits = tsr_wait(TSR_COMPONENT_SLOT_NOTIFICATION);
		if (bits < 0)
			return;
		for (unsigned ch = 0; ch < TSR_CHANNELS; ch++)
			if (ch != channel && (bits & (1L << ch)))
				notified(ch);
		if (bits & (1L << channel))
			return;
	}
}

long tsr_irq_ack(unsigned channel)
{
	return TSR_INVOKE0(TSR_COMPONENT_CHANNEL_SLOT(channel), TSR_IRQ_HANDLER_ACK);
}

unsigned long tsr_wait_events(void)
{
	long w = tsr_wait(TSR_COMPONENT_SLOT_NOTIFICATION);
	return w < 0 ? 0 : (unsigned long)w;
}

unsigned long tsr_poll_events(void)
{
	long w = tsr_poll(TSR_COMPONENT_SLOT_NOTIFICATION);
	return w < 0 ? 0 : (unsigned long)w;
}

/* Defaults for the entry points a component leaves out. */
__attribute__((weak)) void notified(unsigned channel) { (void)channel; }

__attribute__((weak)) unsigned long protected(unsigned channel, unsigned long info)
{
	(void)channel;
	(void)info;
	return TSR_MSG(0, 0);
}

__attribute__((weak)) bool fault(unsigned channel, unsigned long info)
{
	(void)channel;
	(void)info;
	return false;
}

/* Every event comes through the component's endpoint: protected calls and faults with
 * their badges, notifications and interrupts through the bound notification. */
int main(void)
{
	bool reply = false;
	init();
	for (;;) {
		msg.x0 = TSR_COMPONENT_SLOT_ENDPOINT;
		tsr_ipc(reply ? TSR_SYS_REPLY_RECV : TSR_SYS_RECV, &msg);
		unsigned long badge = (unsigned long)msg.x0, info = msg.info;
		reply = false;
		if (msg.x0 < 0)
			continue;
		if (TSR_MSG_FORM(info) == TSR_MSG_NOTIFY) {
			for (unsigned ch = 0; ch < TSR_CHANNELS; ch++)
				if (badge & (1UL << ch))
					notified(ch);
		} else if (badge & TSR_BADGE_FAULT) {
			reply = fault(badge & 0xff, info);
			msg.info = TSR_MSG(0, 0);
		} else if (badge & TSR_BADGE_CALL) {
			msg.info = protected(badge & 0xff, info);
			reply = true;
		}
	}
}
