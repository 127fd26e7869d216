/* SPDX-License-Identifier: BSD-2-Clause */
/* Tessera system-call ABI: the one definition of numbers, registers and errors. */
#ifndef TESSERA_ABI_H
#define TESSERA_ABI_H

/*
 * Calling convention (EL0 -> EL2): `svc #0`, call number in x8, arguments in
 * x0..x7, result in x0 (>= 0 success, < 0 a negated TSR_E* error code), further
 * results in x1..x3. x9..x18 are the call's to clobber (the procedure-call
 * standard's temporaries: the kernel does not save them); every other
 * general-purpose register is preserved. docs/abi.md documents each call, method and
 * error; a tool test checks that it lists every one defined here.
 */

/* What an `svc` asm statement names as clobbered. */
#define TSR_SVC_CLOBBERS \
	"x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "memory"

/* X(number, NAME, arguments, what it does) */
#define TSR_SYSCALLS(X)                                                                            \
	X(0, NULL, "none", "does nothing and returns 0 (the cost of a system call)")               \
	X(1, DEBUG_WRITE, "x0 = address, x1 = length (at most 4096)",                              \
	  "writes bytes from the caller's memory to the kernel console; returns the number "       \
	  "written")                                                                               \
	X(2, EXIT, "x0 = status",                                                                  \
	  "stops the calling thread; the kernel reports the status on the console and does not "   \
	  "return")                                                                                \
	X(3, DEBUG_SHUTDOWN, "x0 = status",                                                        \
	  "powers the machine off (only under a test harness: the kernel command line's "          \
	  "'semihosting'); QEMU exits with the status")                                            \
	X(4, YIELD, "none",                                                                        \
	  "gives the rest of the time slice to the next thread of the same "                       \
	  "priority")                                                                              \
	X(5, INVOKE, "x0 = capability, x1 = method, x2..x7 = arguments",                           \
	  "performs a method on the object a capability names; results in x0..x3")                 \
	X(6, SEND, "x0 = endpoint, x1 = message info, x2..x7 = words",                             \
	  "sends a message, waiting for a receiver")                                               \
	X(7, NBSEND, "as SEND", "sends only if a receiver is waiting, else fails at once")         \
	X(8, CALL, "as SEND", "sends and waits for the reply; returns it as RECV does (badge 0)")  \
	X(9, RECV, "x0 = endpoint",                                                                \
	  "waits for a message; returns x0 = the sender's badge, x1 = message info, x2..x7 = "     \
	  "words")                                                                                 \
	X(10, NBRECV, "x0 = endpoint", "receives only if a sender is waiting, else fails at once") \
	X(11, REPLY, "x1 = message info, x2..x7 = words", "answers the last call received")        \
	X(12, REPLY_RECV, "x0 = endpoint, x1 = message info, x2..x7 = words",                      \
	  "answers the last call, then waits on the endpoint as RECV")                             \
	X(13, SIGNAL, "x0 = notification", "sets the capability's badge bits in the word")         \
	X(14, WAIT, "x0 = notification", "waits for a non-zero word; returns and clears it")       \
	X(15, POLL, "x0 = notification", "returns and clears the word without waiting")            \
	X(16, DEBUG_READ,                                                                          \
	  "x0 = address, x1 = length (at most 4096), x2 = the console interrupt's handler",        \
	  "reads the kernel's log: what the kernel and DEBUG_WRITE wrote while a user-level "      \
	  "driver owns the UART (only its driver holds the handler); returns the number of bytes") \
	X(17, WAIT_PERIOD, "none",                                                                 \
	  "ends the caller's job and waits for the next release of its periodic scheduling "       \
	  "context (the first call starts the periods and returns at once); returns x1 = the "     \
	  "release (counter ticks), x2 = deadline misses and x3 = budget overruns so far")

/* X(value, NAME, meaning) — returned negated in x0. */
#define TSR_ERRORS(X)                                                                   \
	X(0, OK, "success")                                                             \
	X(1, NOSYS, "no system call or method has this number")                         \
	X(2, INVAL, "an argument is out of range")                                      \
	X(3, FAULT, "a buffer is not mapped with the rights the call needs")            \
	X(4, CAPTYPE, "a capability is not of the type the call needs")                 \
	X(5, RIGHTS, "a capability lacks a right the call needs")                       \
	X(6, SLOT, "a slot index is outside its CNode")                                 \
	X(7, EMPTY, "a slot holds no capability")                                       \
	X(8, OCCUPIED, "a destination slot is not empty")                               \
	X(9, ALIGN, "an address is not aligned to the size it needs")                   \
	X(10, EXISTS, "already mapped or bound")                                        \
	X(11, NOMEM, "the untyped memory has no room for the objects")                  \
	X(12, NOTABLE, "no page table at a level the mapping needs")                    \
	X(13, NOTMAPPED, "not mapped")                                                  \
	X(14, PRIORITY, "a priority above the authority's maximum controlled priority") \
	X(15, STATE, "the object is not in a state that allows the call")               \
	X(16, PEER, "the other side of the IPC, or the object waited on, went away")    \
	X(17, AGAIN, "no partner is ready (a non-blocking call)")                       \
	X(18, LENGTH, "the message is longer than its form allows")                     \
	X(19, BUSY, "no room to queue it now (every list register is in use)")

enum tsr_syscall {
#define TSR_ENTRY(n, name, args, what) TSR_SYS_##name = (n),
	TSR_SYSCALLS(TSR_ENTRY)
#undef TSR_ENTRY
	    TSR_SYS_COUNT
};

enum tsr_error {
#define TSR_ENTRY(n, name, what) TSR_E##name = (n),
	TSR_ERRORS(TSR_ENTRY)
#undef TSR_ENTRY
	    TSR_ERROR_COUNT
};

/*
 * Objects (made by retyping untyped memory) and capability types.
 * X(value, NAME, size in bytes as log2: fixed, or 0 when the caller gives it, meaning)
 */
#define TSR_OBJECTS(X)                                                                    \
	X(0, NULL, 0, "an empty slot (not an object)")                                    \
	X(1, UNTYPED, 0, "untyped memory: 2^size_bits bytes to retype into objects")      \
	X(2, CNODE, 0, "a CNode of 2^size_bits capability slots (64 bytes each)")         \
	X(3, TCB, 11, "a thread control block (with its floating-point registers)")       \
	X(4, ENDPOINT, 4, "an IPC endpoint")                                              \
	X(5, NOTIFICATION, 5, "a notification word")                                      \
	X(6, VSPACE, 12, "an address space: a stage-2 root table")                        \
	X(7, PAGE_TABLE, 12, "a page table (level 2 or 3 of an address space)")           \
	X(8, FRAME, 12, "a 4 KiB frame")                                                  \
	X(9, LARGE_FRAME, 21, "a 2 MiB frame")                                            \
	X(10, SCHED_CONTEXT, 8, "a scheduling context: budget and period")                \
	X(11, SCHED_CONTROL, 0, "authority to configure scheduling contexts (boot only)") \
	X(12, IRQ_CONTROL, 0, "authority to make IRQ handlers (boot only)")               \
	X(13, IRQ_HANDLER, 0, "an interrupt line delivered as notification signals")      \
	X(14, VCPU, 12,                                                                   \
	  "a virtual CPU: a guest's EL1 state; bound to a TCB, the thread runs at EL1")

enum tsr_object {
#define TSR_ENTRY(n, name, bits, what) TSR_OBJ_##name = (n),
	TSR_OBJECTS(TSR_ENTRY)
#undef TSR_ENTRY
	    TSR_OBJ_COUNT
};

/*
 * Methods for TSR_SYS_INVOKE, by the type of the invoked capability (x0). x1 is the
 * method, arguments follow in x2..x7 in the order given. Capabilities passed as
 * arguments are indices in the caller's CSpace root CNode (one level, as x0).
 * X(value, NAME, object, arguments, what it does)
 */
#define TSR_METHODS(X)                                                                           \
	X(1, UNTYPED_RETYPE, UNTYPED, "type, size_bits, dest_cnode, dest_index, count",          \
	  "makes count objects of a type in consecutive empty slots of dest_cnode")              \
	X(2, CNODE_COPY, CNODE, "dest_index, src_cnode, src_index, rights",                      \
	  "copies a capability with the given rights (a subset), derived from the source")       \
	X(3, CNODE_MINT, CNODE, "dest_index, src_cnode, src_index, rights, badge",               \
	  "copies with a badge (endpoints, notifications) and reduced rights")                   \
	X(4, CNODE_MOVE, CNODE, "dest_index, src_cnode, src_index",                              \
	  "moves a capability, keeping its place in the derivation tree")                        \
	X(5, CNODE_MUTATE, CNODE, "dest_index, src_cnode, src_index, rights, badge",             \
	  "moves with reduced rights and a new badge")                                           \
	X(6, CNODE_DELETE, CNODE, "index",                                                       \
	  "deletes a capability; the last one to an object destroys the object")                 \
	X(7, CNODE_REVOKE, CNODE, "index", "deletes every capability derived from this one")     \
	X(8, TCB_CONFIGURE, TCB,                                                                 \
	  "cspace, vspace, utcb_address, utcb_frame, fault_endpoint, flags",                     \
	  "sets a thread's CSpace root, address space, UTCB, fault endpoint and flags "          \
	  "(TSR_TCB_NO_FP: its floating-point or SIMD use is a fault, not lazily given it)")     \
	X(9, TCB_SET_PRIORITY, TCB, "authority_tcb, priority",                                   \
	  "sets the priority, at most the authority's maximum controlled priority")              \
	X(10, TCB_SET_MCP, TCB, "authority_tcb, mcp",                                            \
	  "sets the maximum controlled priority, at most the authority's")                       \
	X(11, TCB_READ_REGISTER, TCB, "index (0..30 x, 31 sp, 32 pc, 33 pstate)",                \
	  "returns a stopped thread's register in x1")                                           \
	X(12, TCB_WRITE_REGISTER, TCB, "index, value", "sets a stopped thread's register")       \
	X(13, TCB_RESUME, TCB, "none", "makes a configured thread runnable")                     \
	X(14, TCB_SUSPEND, TCB, "none", "stops a thread")                                        \
	X(15, TCB_BIND_SC, TCB, "sched_context", "binds a scheduling context to the thread")     \
	X(16, TCB_UNBIND_SC, TCB, "sched_context",                                               \
	  "unbinds its scheduling context, which the caller must hold: whoever holds only a "    \
	  "thread's capability cannot take it off its budget")                                   \
	X(17, PAGE_TABLE_MAP, PAGE_TABLE, "vspace, address",                                     \
	  "installs the table at the first missing level above address")                         \
	X(18, PAGE_TABLE_UNMAP, PAGE_TABLE, "none", "removes the table from its address space")  \
	X(19, FRAME_MAP, FRAME, "vspace, address, rights, attributes",                           \
	  "maps the frame (4 KiB or 2 MiB) with rights (R 1, W 2, X 4) and attributes "          \
	  "(0 cached, 1 uncached device)")                                                       \
	X(20, FRAME_UNMAP, FRAME, "none", "removes the frame's mapping")                         \
	X(21, FRAME_ADDRESS, FRAME, "none", "returns the frame's physical address in x1")        \
	X(22, SCHED_CONTROL_CONFIGURE, SCHED_CONTROL,                                            \
	  "sched_context, budget_us, period_us, deadline_us, handler",                           \
	  "sets a scheduling context's budget and period (budget <= period); deadline_us 0: a "  \
	  "sporadic server; else (<= period) a periodic task's, whose misses and overruns "      \
	  "signal the handler notification (0: none)")                                           \
	X(23, TCB_BIND_NOTIFICATION, TCB, "notification",                                        \
	  "a RECV by the thread also returns when the notification is signalled")                \
	X(24, TCB_UNBIND_NOTIFICATION, TCB, "none", "undoes TCB_BIND_NOTIFICATION")              \
	X(25, IRQ_CONTROL_GET, IRQ_CONTROL, "irq, dest_cnode, dest_index",                       \
	  "makes the handler capability of an interrupt line (one per line)")                    \
	X(26, IRQ_HANDLER_SET_NOTIFICATION, IRQ_HANDLER, "notification",                         \
	  "delivers the interrupt as the notification capability's badge bits and enables it")   \
	X(27, IRQ_HANDLER_ACK, IRQ_HANDLER, "none",                                              \
	  "unmasks the line after its interrupt was handled")                                    \
	X(28, IRQ_HANDLER_CLEAR, IRQ_HANDLER, "none", "stops delivery and masks the line")       \
	X(29, TCB_SET_NAME, TCB, "name (up to 23 bytes in 3 words, little-endian)",              \
	  "names the thread in the kernel's reports")                                            \
	X(30, TCB_BIND_VCPU, TCB, "vcpu",                                                        \
	  "makes a stopped thread a vCPU: it runs guest code at EL1 (PSTATE EL1h, interrupts "   \
	  "masked) with its own EL1 system registers; its faults are VM exits")                  \
	X(31, VCPU_INJECT_IRQ, VCPU, "intid (0..1019), priority (0..255)",                       \
	  "makes a virtual interrupt (group 1) pending in the guest, which takes it when "       \
	  "its virtual GIC CPU interface lets it; pending again if still active")                \
	X(32, VCPU_SET_CHANNEL, VCPU, "index (0..15), endpoint or notification (0: none)",       \
	  "gives the guest a direct channel: its hypercall TSR_HVC_CHANNEL(index) calls the "    \
	  "endpoint or signals the notification (a copy of the capability, badge included)")     \
	X(33, VCPU_SET_NOTIFY_IRQ, VCPU, "intid (0..1019; 1020: none)",                          \
	  "the virtual interrupt a notification bound to the vCPU's thread raises: each signal " \
	  "makes it pending, wakes the guest and keeps the bits for TSR_HVC_POLL")               \
	X(34, TCB_SET_AFFINITY, TCB, "cpu (0..CPUs online - 1)",                                 \
	  "moves the thread to a CPU: it runs there from now on, whether it was running, "       \
	  "blocked (in IPC too) or stopped")

enum tsr_method {
#define TSR_ENTRY(n, name, obj, args, what) TSR_##name = (n),
	TSR_METHODS(TSR_ENTRY)
#undef TSR_ENTRY
	    TSR_METHOD_COUNT
};

/* Capability rights. */
#define TSR_R 1U /* read (frames), receive (endpoints) */
#define TSR_W 2U /* write (frames), send (endpoints) */
#define TSR_X 4U /* execute (frames) */
#define TSR_G 8U /* grant: pass capabilities through IPC */
#define TSR_RIGHTS_ALL 15U

/* Badges (CNODE_MINT, CNODE_MUTATE) are at most 63 bits: a received badge or notification
 * word (an OR of badges) in x0 never reads as a negative error code. */
#define TSR_BADGE_MAX 0x7fffffffffffffffUL

/*
 * Message info (x1 of the IPC calls): label, form, length, capabilities.
 *   short: up to 6 words in x2..x7, length in words;
 *   full: up to 256 bytes in the UTCB's msg, length in bytes, up to 3 capabilities
 *         (cptrs in send_caps) when the endpoint capability has the grant right;
 *   extended: up to 2048 bytes from the buffer at x2 of the sender into the receiver's
 *         registered buffer (UTCB recv_buffer), length in bytes.
 * A receiver also sees form NOTIFY: a bound notification's word arrived in x0.
 */
#define TSR_MSG_SHORT 0UL
#define TSR_MSG_FULL 1UL
#define TSR_MSG_EXT 2UL
#define TSR_MSG_NOTIFY 3UL
#define TSR_MSG_SHORT_WORDS 6
#define TSR_MSG_FULL_BYTES 256
#define TSR_MSG_EXT_BYTES 2048
#define TSR_MSG_CAPS 3
#define TSR_MSGINFO(label, form, length, caps)                             \
	(((unsigned long)(label)&0xffff) | ((unsigned long)(form) << 16) | \
	 ((unsigned long)(length) << 18) | ((unsigned long)(caps) << 30))
#define TSR_MSG_LABEL(info) ((info)&0xffff)
#define TSR_MSG_FORM(info) (((info) >> 16) & 3)
#define TSR_MSG_LENGTH(info) (((info) >> 18) & 0xfff)
#define TSR_MSG_NCAPS(info) (((info) >> 30) & 3)

/* A thread's UTCB: a page the kernel reads and writes for full messages. */
struct tsr_utcb {
	unsigned char msg[TSR_MSG_FULL_BYTES];
	unsigned long send_caps[TSR_MSG_CAPS];	/* capabilities to grant, by cptr */
	unsigned long recv_slots[TSR_MSG_CAPS]; /* empty root-CNode slots for received ones */
	unsigned long recv_buffer;		/* extended form: where messages land */
	unsigned long recv_buffer_size;
};

/*
 * Fault messages (to a thread's fault endpoint, as a call; the badge names the thread).
 * Label: the kind; words: x2 = ESR, x3 = address (FAR, or the PC), x4 = PC, x5 = the
 * system-call number for TSR_FAULT_SYSCALL. Replying resumes the thread where it
 * faulted (after the call, for an unknown system call, with x0 = the reply's x2).
 */
#define TSR_FAULT_MEMORY 1    /* instruction or data abort */
#define TSR_FAULT_UNDEFINED 2 /* undefined instruction, FP/SIMD, other exceptions */
#define TSR_FAULT_SYSCALL 3   /* unknown system call */

/*
 * VM exits: faults of a vCPU thread, sent like any fault (a call on its fault endpoint,
 * short form, four words: ESR, address, PC, a fourth word below). The VMM may read and
 * write the guest's registers while it waits (TCB_READ/WRITE_REGISTER; index 31 is the
 * guest's SP_EL1). Its reply's w0 holds TSR_VMEXIT_* flags: ADVANCE moves the PC past
 * the trapped instruction (SMC, MMIO, system register; an HVC's PC is already past
 * it); RESULTS sets x0..x3 from w1..w4 (an SMCCC call's results); LOAD sets the
 * register that the exit's syndrome names (an MMIO load's SRT, a system register
 * read's Rt; none for xzr) to w1, as loaded: without a TCB_WRITE_REGISTER.
 */
/* hypercall: address = PC, word 4 = x0 (the function) */
#define TSR_FAULT_VM_HVC 4
/* secure monitor call (trapped): address = PC, word 4 = x0 */
#define TSR_FAULT_VM_SMC 5
/* the list registers have room again after VCPU_INJECT_IRQ found them full (TSR_EBUSY):
 * inject what waits, then reply (no flags). A guest's WFI is not an exit: the kernel
 * lets it sleep until a virtual interrupt is pending or its virtual timer's deadline */
#define TSR_FAULT_VM_MAINTENANCE 6
/* a stage-2 fault: address = the IPA, word 4 = the value a write stores; decode the
 * access from the ESR (ISV, SAS, SRT, WnR) */
#define TSR_FAULT_VM_MMIO 7
/* a trapped system register access: address = PC, word 4 = the value a write stores */
#define TSR_FAULT_VM_SYSREG 8
/*
 * The system registers a vCPU holds, in index order: a VMM reads one of a vCPU thread's
 * with TCB_READ_REGISTER at TSR_REG_VCPU(TSR_VCPU_<name>) and writes those before
 * ich_vmcr_el2; the virtual GIC's it may only empty (write 0, as at a reset): they
 * change otherwise only through VCPU_INJECT_IRQ. Its EL1
 * (and EL0 thread-pointer) registers, the virtual timer, VMPIDR, and the GICv3 virtual
 * CPU interface (VMCR, active priorities, four list registers).
 */
#define TSR_VCPU_SYSREGS(X) \
	X(sctlr_el1)        \
	X(ttbr0_el1)        \
	X(ttbr1_el1)        \
	X(tcr_el1)          \
	X(mair_el1)         \
	X(amair_el1)        \
	X(vbar_el1)         \
	X(contextidr_el1)   \
	X(tpidr_el1)        \
	X(tpidr_el0)        \
	X(tpidrro_el0)      \
	X(sp_el1)           \
	X(elr_el1)          \
	X(spsr_el1)         \
	X(esr_el1)          \
	X(far_el1)          \
	X(afsr0_el1)        \
	X(afsr1_el1)        \
	X(par_el1)          \
	X(cpacr_el1)        \
	X(cntkctl_el1)      \
	X(csselr_el1)       \
	X(cntv_ctl_el0)     \
	X(cntv_cval_el0)    \
	X(vmpidr_el2)       \
	X(ich_vmcr_el2)     \
	X(ich_ap0r0_el2)    \
	X(ich_ap1r0_el2)    \
	X(ich_lr0_el2)      \
	X(ich_lr1_el2)      \
	X(ich_lr2_el2)      \
	X(ich_lr3_el2)

enum tsr_vcpu_reg {
#define TSR_ENTRY(name) TSR_VCPU_##name,
	TSR_VCPU_SYSREGS(TSR_ENTRY)
#undef TSR_ENTRY
	    TSR_VCPU_NREGS
};
#define TSR_REG_VCPU(n) (64 + (n))

/*
 * Direct channels: hypercalls the kernel answers itself, without the VMM. SMCCC fast
 * calls in the vendor-specific hypervisor range: x0 = TSR_HVC_CHANNEL(index). On an
 * endpoint channel the guest's x1..x7 are a short message exactly as for a native call
 * (info, six words) and the reply comes back in them, x0 = 0 or -error; on a
 * notification channel the capability's badge is signalled and x0 = 0. An index
 * without a channel is an ordinary exit to the VMM.
 */
#define TSR_VCPU_CHANNELS 16
#define TSR_HVC_CHANNEL(index) (0xc6000100UL + (index))
/* Returns (x0) and clears the word of the notification bound to the guest's thread
 * (TCB_BIND_NOTIFICATION), 0 without one; its signals raise VCPU_SET_NOTIFY_IRQ's. */
#define TSR_HVC_POLL 0xc6000200UL

#define TSR_VMEXIT_ADVANCE 1
#define TSR_VMEXIT_RESULTS 2
#define TSR_VMEXIT_LOAD 4

/* TCB_CONFIGURE flags. */
#define TSR_TCB_NO_FP 1U

/* FRAME_MAP attributes. */
#define TSR_CACHED 0U
#define TSR_DEVICE 1U

#define TSR_PRIORITIES 256
#define TSR_CNODE_SLOT_BITS 6 /* 64-byte slots */

#define TSR_DEBUG_WRITE_MAX 4096

/*
 * The root task's start. Its CSpace root has 2^TSR_ROOT_CNODE_BITS slots: the fixed
 * slots below, then its image frames, then untyped capabilities (boot info says where).
 * It starts at its ELF entry point with x0 = TSR_BOOTINFO_ADDR and SP at the top of a
 * stack of TSR_STACK_SIZE bytes mapped read-write below TSR_STACK_TOP.
 */
#define TSR_ROOT_CNODE_BITS 14
enum tsr_root_slot {
	TSR_SLOT_NULL = 0,
	TSR_SLOT_TCB = 1,	    /* the root thread */
	TSR_SLOT_CNODE = 2,	    /* its CSpace root */
	TSR_SLOT_VSPACE = 3,	    /* its address space */
	TSR_SLOT_SCHED_CONTROL = 4, /* configure scheduling contexts */
	TSR_SLOT_IRQ_CONTROL = 5,   /* make IRQ handlers */
	TSR_SLOT_BOOTINFO = 6,	    /* the boot-info frame */
	TSR_SLOT_FIRST_FREE_FIXED = 7,
};

#define TSR_STACK_TOP 0x40000000UL
#define TSR_STACK_SIZE 0x10000UL
#define TSR_BOOTINFO_ADDR 0x3ffe0000UL /* 60 KiB below the stack: a gap in between */

#define TSR_BOOTINFO_MAGIC 0x4f464e49544f4f42UL /* "BOOTINFO" */
#define TSR_BOOTINFO_MAX_UNTYPED 192

struct tsr_untyped_desc {
	unsigned long paddr;
	unsigned char size_bits;
	unsigned char device; /* 1: device memory, retypes only into frames */
	unsigned char pad[6];
};

/* What the kernel tells the root task: read-only at TSR_BOOTINFO_ADDR. */
struct tsr_bootinfo {
	unsigned long magic;
	unsigned long cnode_bits;	/* root CNode: 2^cnode_bits slots */
	unsigned long image_first_slot; /* frames of the root task's image */
	unsigned long image_count;
	unsigned long image_vaddr; /* first image frame's address */
	unsigned long untyped_first_slot;
	unsigned long untyped_count;
	unsigned long first_free_slot;
	unsigned long ram_bytes; /* all RAM, and what is free in untyped */
	unsigned long free_bytes;
	struct tsr_untyped_desc untyped[TSR_BOOTINFO_MAX_UNTYPED];
};

#endif
