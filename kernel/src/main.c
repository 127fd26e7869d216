/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot: check the exception level, read the device tree, bring the machine up, start EL0. */
#include <arch/sysreg.h>
#include <boot.h>
#include <bootmem.h>
#include <console.h>
#include <fdt.h>
#include <loader.h>
#include <mmu.h>
#include <panic.h>
#include <plat.h>
#include <plat/board.h>
#include <pmu.h>
#include <smp.h>
#include <thread.h>
#include <timer.h>
#include <traps.h>
#include <vcpu.h>

_Static_assert(TESSERA_LOAD_ADDR >= PLAT_DTB_ADDR + PLAT_DTB_MAX_SIZE,
	       "the image must leave room for the device tree QEMU places at the start of RAM");

static __attribute__((noreturn)) void wrong_el(unsigned long el)
{
	kprintf("tessera: entered at EL%lu, but the kernel must be entered at EL2 "
		"(QEMU: -M virt,virtualization=on). Stopped.\n",
		el);
	for (;;)
		wfi();
}

/* Prove the interrupt path end to end: GIC, EL2 vector, timer. */
static void timer_selfcheck(void)
{
	uint64_t start = timer_now(), freq = timer_freq();
	uint64_t deadline = start + freq / 1000;
	timer_oneshot(deadline);
	while (!timer_fired_count()) {
		wfi(); /* wakes on the pending interrupt, which is taken once unmasked */
		irq_unmask();
		irq_mask();
	}
	uint64_t now = timer_now();
	if (now < deadline)
		panic("timer: interrupt before its deadline (%llu < %llu)", (unsigned long long)now,
		      (unsigned long long)deadline);
	kprintf("timer: EL2 one-shot interrupt after %llu us (asked 1000 us), counter %llu Hz\n",
		(unsigned long long)((now - start) * 1000000 / freq), (unsigned long long)freq);
}

void boot_main(unsigned long current_el)
{
	struct fdt_region ram[FDT_MAX_MEM];
	const void *dtb = (const void *)PLAT_DTB_ADDR;

	uart_init();
	if (current_el != 2)
		wrong_el(current_el);
	kprintf("\nTessera: booting at EL2 on %s\n", PLAT_NAME);

	int err = fdt_check(dtb, PLAT_DTB_MAX_SIZE);
	if (err)
		panic("no valid device tree at 0x%lx (error %d)", PLAT_DTB_ADDR, err);
	plat_semihosting = fdt_arg_present(fdt_bootargs(dtb, PLAT_DTB_MAX_SIZE), "semihosting");
	int n = fdt_memory(dtb, PLAT_DTB_MAX_SIZE, ram, FDT_MAX_MEM);
	if (n <= 0)
		panic("device tree: no memory node (error %d)", n);
	uint64_t total = 0;
	for (int i = 0; i < n; i++) {
		kprintf("memory: 0x%llx-0x%llx\n", (unsigned long long)ram[i].base,
			(unsigned long long)(ram[i].base + ram[i].size));
		total += ram[i].size;
	}
	kprintf("memory: %llu MiB of RAM\n", (unsigned long long)(total >> 20));

	mmu_init(ram, n);
	kprintf("mmu: EL2 stage 1 on, caches on, kernel text read-only\n");
	traps_init(0);
	irq_controller_init();
	timer_init();
	timer_selfcheck();
	pmu_init();
	kprintf("pmu: %s\n", pmu_state());
	arch_vcpu_init();
	boot_hook();

	scheduler_init();
	smp_boot();
	kernel_lock(); /* the other CPUs wait for work in the scheduler from now on */
	bootmem_init(ram, n, ptr_to_pa(__image_end));
	struct thread *t = load_first_program(total);
	kprintf("tessera: starting '%s' at EL0 (entry 0x%llx)\n", t->name,
		(unsigned long long)t->ctx.elr);
	return_to_user(schedule());
}
