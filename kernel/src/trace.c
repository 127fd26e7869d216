/* SPDX-License-Identifier: BSD-2-Clause */
/* The schedule trace's buffer and its print-out (trace images only: trace.h). */
#include <console.h>
#include <thread.h>
#include <timer.h>
#include <trace.h>

#define TRACE_EVENTS 32768 /* 768 KiB */
#define TRACE_NAMES 128	   /* threads named in the print-out */

struct event {
	uint64_t time;
	uint64_t thread;
	uint32_t kind;
	uint32_t word;
};

static struct event events[TRACE_EVENTS];
static unsigned count;
static bool done;
static struct {
	uint64_t thread;
	char name[sizeof(((struct thread *)0)->name)];
} names[TRACE_NAMES];

/* Remember t's name as it is now (a thread may be renamed, or its TCB reused later). */
static void name(const struct thread *t)
{
	for (unsigned i = 0; i < TRACE_NAMES; i++) {
		if (names[i].thread == (uint64_t)(uintptr_t)t)
			return;
		if (!names[i].thread) {
			names[i].thread = (uint64_t)(uintptr_t)t;
			for (unsigned k = 0; k < sizeof(names[i].name); k++)
				names[i].name[k] = t->name[k];
			return;
		}
	}
}

/* Straight to the UART, as a panic writes: a driver may own it. */
static void print(void)
{
	console_take(false);
	kprintf("trace: begin %u events, %llu ticks a second\n", count,
		(unsigned long long)timer_freq());
	for (unsigned i = 0; i < TRACE_NAMES && names[i].thread; i++)
		kprintf("trace: N %llx %s\n", (unsigned long long)names[i].thread, names[i].name);
	for (unsigned i = 0; i < count; i++)
		kprintf("trace: E %llx %u %llx %x\n", (unsigned long long)events[i].time,
			events[i].kind, (unsigned long long)events[i].thread, events[i].word);
	kprintf("trace: end\n");
}

void trace_flush(void)
{
	if (!done && count) {
		done = true;
		print();
	}
}

void trace_record(enum trace_kind kind, const struct thread *t, uint64_t word)
{
	if (done)
		return;
	if (t)
		name(t);
	uint64_t now = timer_now();
	events[count++] = (struct event){now, (uint64_t)(uintptr_t)t, kind, (uint32_t)word};
	if (count == TRACE_EVENTS || now - events[0].time >= timer_freq())
		trace_flush();
}
