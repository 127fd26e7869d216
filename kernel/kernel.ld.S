/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel image layout: text, rodata, data and bss, each page aligned for W^X. */
OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = TESSERA_LOAD_ADDR;
	__text_start = .;
	.text : {
		KEEP(*(.text.head))
		*(.text.vectors)
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;
	.rodata : { *(.rodata .rodata.*) }
	. = ALIGN(4096);
	__rodata_end = .;
	.data : { *(.data .data.*) }
	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.*) *(COMMON)
		. = ALIGN(16);
		__bss_end = .;
		. = ALIGN(16);
		. += 16384;
		boot_stack_top = .;
	}
	. = ALIGN(4096);
	__kernel_end = .;
	/* The root task's program (with a system's boot archive: every component and VM
	 * file), after the kernel: read once at boot, then given to the root as untyped. */
	.first_program : { KEEP(*(.first_program)) }
	. = ALIGN(4096);
	__image_end = .;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
/* The EL2 map gives the kernel one 2 MiB region; the rest of RAM is for everyone else
 * (the first program, which may be much larger, included once it is loaded). */
ASSERT(__kernel_end - __text_start <= 0x200000, "kernel larger than 2 MiB")
