/* SPDX-License-Identifier: BSD-2-Clause */
/* What the proving guest's parts share: main.c (boot, firmware, interrupts, console,
 * initrd, echo), smp.c (a second vCPU), devices.c (the block and network drivers). */
#ifndef PROVING_H
#define PROVING_H

#include <drivers/blk.h>
#include <drivers/net.h>
#include <tessera/guest.h>

#define DTB_MAX (2UL << 20)	  /* the arm64 boot protocol's limit */
#define CRASH_IPA 0x10000000UL	  /* nothing is mapped there */
#define PRIORITY 0x80		  /* of the interrupts it enables */
#define TICKS 3			  /* virtual timer interrupts to take */
#define TICK_MS 2		  /* apart */
#define WAIT_MS 2000		  /* for a driver's answer */
#define ECHO_LABEL 1		  /* "echo": each word + 1 */
#define RESULT_LABEL 2		  /* "echo": w0 passed, w1 failed, w2 instance */
#define BOOTS_LABEL 3		  /* "echo": w0 = the boots of this guest so far */
#define BLK_SECTOR_BASE 2048	  /* its sector: this + instance */
#define BLK_READ_OFFSET 4096	  /* in blk-data: the write buffer is at 0 */
#define BLK_TIMED_OUT 0xffffffffU /* no completion came */
#define NET_BUFFER_SIZE 2048	  /* net-data in buffers: 0 to send, then to receive into */
#define NET_RX_BUFFERS 8	  /* 1..8 */
#define SGI_TO_BOOT 0		  /* vCPU 1 to vCPU 0: it runs */
#define SGI_TO_SECONDARY 1	  /* vCPU 0 to vCPU 1: turn yourself off */
#define PAGE 4096UL
/* What tests/qemu/guests.cmake types at the prompt, then LF: 45 bytes, over 24 */
#define INPUT_LINE "the quick brown fox jumps over the lazy guest"
#define INPUT_MAX 64	    /* bytes of a line typed on the console */
#define INPUT_WAIT_MS 10000 /* for it to come: the test types at once, but hosts get busy */
#define INITRD_FIRST "TESSERA-INITRD\n"		/* tests/systems/vm/initrd.txt: its first line */
#define INITRD_LAST "\nEND OF TESSERA-INITRD\n" /* and its last */
#define SMCCC_ARCH_WORKAROUND_1 0x80008000UL	/* SMCCC 1.1: the Spectre-v2 workaround */
#define UNKNOWN_FUNCTION 0xc600ffffUL		/* in Tessera's range, but no call */

extern unsigned long instance; /* its number: instance=N */
extern uint64_t hz;	       /* the virtual counter's frequency */
extern unsigned gic_version;   /* 3, or 2 on a GICv2 board */
/* Kept by the IRQ handler (main.c). vCPU 0 takes the timer and notifications; every
 * vCPU counts its SGIs and what else comes. */
extern volatile unsigned ticks;			      /* virtual timer interrupts */
extern volatile unsigned long notified;		      /* TSR_HVC_POLL bits */
extern volatile unsigned sgis[TSR_GUEST_VCPUS_MAX];   /* bit n: SGI n taken */
extern volatile unsigned strays[TSR_GUEST_VCPUS_MAX]; /* other interrupts */

/* A line on the console, "guest N: ..." */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Count a check as passed or failed and say which; returns ok. */
bool check(bool ok, const char *what);
/* A channel's id (its reg) and a region's IPA and size, by label. */
bool channel(const struct tsr_fdt *t, const char *label, unsigned *id);
bool region(const struct tsr_fdt *t, const char *label, uint64_t *ipa, uint64_t *size);
/* A register of the GIC distributor the VMM emulates. */
uint32_t gicd_read(unsigned long offset);
/* Sleep in WFI for the next timer interrupt, ms from now. */
void sleep_ms(unsigned ms);

void test_smp(const struct tsr_fdt *t); /* smp.c */
void test_blk(const struct tsr_fdt *t); /* devices.c */
void test_net(const struct tsr_fdt *t); /* devices.c */

#endif
