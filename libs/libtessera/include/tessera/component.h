/* SPDX-License-Identifier: BSD-2-Clause */
/* Components: channels by small ids, an event loop, and four entry points. */
#ifndef TESSERA_COMPONENT_H
#define TESSERA_COMPONENT_H

#include <stdbool.h>
#include <tessera/abi.h>
#include <tessera/user.h>

/*
 * A component built into a system from a manifest (docs/manifest.md) defines init()
 * and whichever of the others it needs; the library's main() calls init() once, then
 * waits for events forever. Channels are the small ids the manifest gives this
 * component's ends (0..62); no capability slot appears in component code.
 */
void init(void);
/* A notification (or interrupt) arrived on `channel`. */
void notified(unsigned channel);
/* A protected call arrived on `channel`; its words are tsr_mr_get(0..5). Set the reply's
 * words with tsr_mr_set and return its message info (TSR_MSG(label, words)). */
unsigned long protected(unsigned channel, unsigned long info);
/* A child this component handles faults for (manifest fault_handler) faulted; the words
 * are ESR, address, PC, system-call number. Return true to resume it. */
bool fault(unsigned channel, unsigned long info);

/* A short message: label and number of words (0..6). */
#define TSR_MSG(label, words) TSR_MSGINFO((label), TSR_MSG_SHORT, (words), 0)

/* The message words of the last message received or to be sent (inline: a VMM reads
 * and writes several on every exit). Words past the sixth read as 0 and are not kept. */
extern unsigned long *const tsr_component_words;
static inline unsigned long tsr_mr_get(unsigned i)
{
	return i < TSR_MSG_SHORT_WORDS ? tsr_component_words[i] : 0;
}
static inline void tsr_mr_set(unsigned i, unsigned long value)
{
	if (i < TSR_MSG_SHORT_WORDS)
		tsr_component_words[i] = value;
}

/* Signal the component at the other end of `channel`. */
void tsr_notify(unsigned channel);
/* Call the component at the other end of `channel` with words tsr_mr_set(...) and
 * info; returns the reply's info (words by tsr_mr_get), or a negative error. */
long tsr_ppcall(unsigned channel, unsigned long info);
/* Wait in place for a notification on `channel` (outside the event loop, e.g. in init);
 * others that come first go to notified(). */
void tsr_wait_notified(unsigned channel);
/* Acknowledge the interrupt delivered on `channel`, so the next one can come. */
long tsr_irq_ack(unsigned channel);

/* Outside the event loop (a component that runs a sequence of its own from init(), such
 * as a test client waiting for a driver): wait for notifications and interrupts and
 * return their channels as bits (1 << channel), cleared; they do not reach notified().
 * tsr_poll_events returns them without waiting (0: none pending). */
unsigned long tsr_wait_events(void);
unsigned long tsr_poll_events(void);

#endif
