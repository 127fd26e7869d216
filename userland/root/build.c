/* SPDX-License-Identifier: BSD-2-Clause */
/* Building components: objects, address spaces, CSpaces, channels, regions, start. */
#include "root.h"
#include <mem.h>
#include <tessera/hypercall.h>
#include <tessera/syscall.h>

#define WINDOWS 0x1000000000UL /* the root's view of component memory: 1 GiB each */
#define WINDOW_SIZE 0x40000000UL
#define FILES 0x3000000000UL /* the root's view of regions it fills from files */
#define PAGE 4096UL

struct tsr_root root;
struct component components[ROOT_MAX_COMPONENTS];
static tsr_cap fault_ep; /* the root manager's: every component it handles faults for */
static long region_frames[ROOT_MAX_REGION_FRAMES];
static unsigned region_first[ROOT_MAX_REGIONS];

static long make(unsigned long type, unsigned long bits)
{
	long slot = tsr_root_make(&root, type, bits);
	if (slot < 0)
		root_fail("out of memory", "no untyped memory left for the objects");
	return slot;
}

static void must(long err, const char *what)
{
	if (err < 0) {
		char detail[64];
		fmt_snprintf(detail, sizeof(detail), "kernel error %ld", err);
		root_fail(what, detail);
	}
}

/* Map a frame, making the page tables it needs. */
static long map_frame(tsr_cap frame, tsr_cap vspace, unsigned long va, unsigned long rights,
		      unsigned long attr)
{
	long err = tsr_frame_map(frame, vspace, va, rights, attr);
	if (err == -TSR_ENOTABLE) {
		err = tsr_root_tables(&root, vspace, va);
		if (!err)
			err = tsr_frame_map(frame, vspace, va, rights, attr);
	}
	return err;
}

/* A frame mapped both in the component (at va, with rights) and in the root's window;
 * returns the component's capability. */
static tsr_cap component_page(struct component *c, unsigned long va, unsigned long rights)
{
	long frame = make(TSR_OBJ_FRAME, 0);
	must(tsr_root_map_copy(&root, (tsr_cap)frame, TSR_SLOT_VSPACE, c->window + va,
			       TSR_R | TSR_W),
	     "mapping a component page for the root");
	must(map_frame((tsr_cap)frame, c->vspace, va, rights, TSR_CACHED),
	     "mapping a component page");
	return (tsr_cap)frame;
}

/* The component's untyped memory (manifest key untyped), retyped from the root's RAM
 * untyped straight into its CSpace slot TSR_COMPONENT_SLOT_UNTYPED: the first untyped
 * with room, from the root's cursor on (the cursor stays: smaller objects may still fit
 * where this did not). */
static void give_untyped(struct component *c)
{
	const struct tsr_bootinfo *bi = root.info;
	long err = -TSR_ENOMEM;
	for (unsigned long u = root.untyped; u < bi->untyped_count && err == -TSR_ENOMEM; u++)
		if (!bi->untyped[u].device)
			err = tsr_untyped_retype(bi->untyped_first_slot + u, TSR_OBJ_UNTYPED,
						 c->spec->untyped_bits, c->cnode,
						 TSR_COMPONENT_SLOT_UNTYPED, 1);
	if (err == -TSR_ENOMEM)
		root_fail(c->spec->name, "no free RAM holds its untyped memory in one piece");
	must(err, "giving a component untyped memory");
}

/* The writable state a component starts from: data copied, bss, stack, UTCB zeroed. */
static void initial_image(struct component *c, bool writable_only)
{
	for (int i = 0; i < c->elf.count; i++) {
		const struct elf_segment *s = &c->elf.seg[i];
		if (writable_only && !(s->flags & ELF_W))
			continue;
		unsigned char *to = (unsigned char *)(c->window + s->vaddr);
		memcpy(to, c->image + s->offset, s->filesz);
		memset(to + s->filesz, 0, s->memsz - s->filesz);
	}
	memset((void *)(c->window + TSR_STACK_TOP - c->spec->stack_size), 0, c->spec->stack_size);
	memset((void *)(c->window + TSR_COMPONENT_UTCB), 0, PAGE);
}

static void load(struct component *c)
{
	for (int i = 0; i < c->elf.count; i++) {
		const struct elf_segment *s = &c->elf.seg[i];
		unsigned long rights = ((s->flags & ELF_R) ? TSR_R : 0) |
				       ((s->flags & ELF_W) ? TSR_W : 0) |
				       ((s->flags & ELF_X) ? TSR_X : 0);
		for (unsigned long va = s->vaddr & ~(PAGE - 1); va < s->vaddr + s->memsz;
		     va += PAGE)
			component_page(c, va, rights);
	}
	for (unsigned long va = TSR_STACK_TOP - c->spec->stack_size; va < TSR_STACK_TOP; va += PAGE)
		component_page(c, va, TSR_R | TSR_W);
	c->utcb = component_page(c, TSR_COMPONENT_UTCB, TSR_R | TSR_W);
	initial_image(c, false);
}

static void start_registers(struct component *c)
{
	must(tsr_tcb_write_register(c->tcb, TSR_REG_PC, c->elf.entry), "setting a register");
	must(tsr_tcb_write_register(c->tcb, TSR_REG_SP, TSR_STACK_TOP), "setting a register");
	for (unsigned long r = 0; r <= 30; r++)
		must(tsr_tcb_write_register(c->tcb, r, 0), "setting a register");
}

/* Put a copy of a root capability in the component's CNode, with rights and badge. */
static void give(struct component *c, unsigned long slot, tsr_cap src, unsigned long rights,
		 unsigned long badge)
{
	must(tsr_cnode_mint(c->cnode, slot, TSR_SLOT_CNODE, src, rights, badge),
	     "filling a component's CNode");
}

/* A component's thread and program; or, for a VM, its vCPU thread: no program (its
 * VMM loads the guest and starts it), a vCPU, and a notification whose signals become
 * virtual interrupt TSR_GUEST_INTID_NOTIFY. */
static void make_objects(struct component *c, unsigned i)
{
	const char *why;
	size_t size;
	unsigned vcpu = c->spec->flags & TSR_COMPONENT_GUEST ? c->spec->vcpu : 0;
	c->tcb = (tsr_cap)make(TSR_OBJ_TCB, 0);
	c->vspace = vcpu ? components[i - vcpu].vspace /* a VM's vCPUs share it */
			 : (tsr_cap)make(TSR_OBJ_VSPACE, 0);
	c->notification = (tsr_cap)make(TSR_OBJ_NOTIFICATION, 0);
	must(tsr_tcb_set_name(c->tcb, c->spec->name), "naming a thread");
	if (c->spec->flags & TSR_COMPONENT_GUEST) {
		c->cnode = (tsr_cap)make(TSR_OBJ_CNODE, 1); /* a guest makes no system calls */
		c->vcpu = (tsr_cap)make(TSR_OBJ_VCPU, 0);
		must(tsr_tcb_bind_vcpu(c->tcb, c->vcpu), "binding a vCPU");
		must(tsr_vcpu_set_notify_irq(c->vcpu, TSR_GUEST_INTID_NOTIFY),
		     "routing a VM's signals");
		return;
	}
	c->window = WINDOWS + i * WINDOW_SIZE;
	c->image = archive_file(c->spec->program, &size, &why);
	if (!c->image)
		root_fail(c->spec->program, why);
	int err = elf_parse(c->image, size, &c->elf);
	if (err)
		root_fail(c->spec->program, elf_strerror(err));
	c->cnode = (tsr_cap)make(TSR_OBJ_CNODE, TSR_COMPONENT_CNODE_BITS);
	c->endpoint = (tsr_cap)make(TSR_OBJ_ENDPOINT, 0);
	load(c);
	give(c, TSR_COMPONENT_SLOT_TCB, c->tcb, TSR_RIGHTS_ALL, 0);
	give(c, TSR_COMPONENT_SLOT_CNODE, c->cnode, TSR_RIGHTS_ALL, 0);
	give(c, TSR_COMPONENT_SLOT_VSPACE, c->vspace, TSR_RIGHTS_ALL, 0);
	give(c, TSR_COMPONENT_SLOT_ENDPOINT, c->endpoint, TSR_R, 0);
	give(c, TSR_COMPONENT_SLOT_NOTIFICATION, c->notification, TSR_R | TSR_W, 0);
	if (c->spec->untyped_bits)
		give_untyped(c);
	start_registers(c);
}

static void make_component(const struct spec *s, unsigned i)
{
	struct component *c = &components[i];
	c->spec = &s->comp[i];
	make_objects(c, i);
	must(tsr_tcb_set_priority(c->tcb, TSR_SLOT_TCB, c->spec->priority), "setting a priority");
	/* The CPU the manifest chose; on a machine started with fewer, the system still
	 * comes up, that thread on the boot CPU. */
	if (c->spec->cpu && tsr_tcb_set_affinity(c->tcb, c->spec->cpu))
		tsr_printf("root: '%s': CPU %u is not online, it runs on CPU 0\n", c->spec->name,
			   (unsigned)c->spec->cpu);
	/* A budgeted component that makes threads: they run only when nothing else would
	 * (priority 0), or they would take it out of its budget. */
	must(tsr_tcb_set_mcp(c->tcb, TSR_SLOT_TCB,
			     c->spec->budget_us && c->spec->untyped_bits ? 0 : c->spec->priority),
	     "setting a priority");
	if (c->spec->budget_us) {
		c->sc = (tsr_cap)make(TSR_OBJ_SCHED_CONTEXT, 0);
		must(tsr_sched_control_configure(TSR_SLOT_SCHED_CONTROL, c->sc, c->spec->budget_us,
						 c->spec->period_us),
		     "configuring a scheduling context");
		must(tsr_tcb_bind_sc(c->tcb, c->sc), "binding a scheduling context");
	}
}

/* The fault endpoint: the root's, or the handler component's, badged. */
static void configure(const struct spec *s, unsigned i)
{
	struct component *c = &components[i];
	unsigned long ep_slot = root.next_slot++;
	if (c->spec->fault_handler < 0)
		must(tsr_cnode_mint(TSR_SLOT_CNODE, ep_slot, TSR_SLOT_CNODE, fault_ep,
				    TSR_W | TSR_G, TSR_BADGE_ROOT_FAULT | i),
		     "making a fault endpoint");
	else
		must(tsr_cnode_mint(TSR_SLOT_CNODE, ep_slot, TSR_SLOT_CNODE,
				    components[c->spec->fault_handler].endpoint, TSR_W | TSR_G,
				    c->spec->fault_badge),
		     "making a fault endpoint");
	bool guest = c->spec->flags & TSR_COMPONENT_GUEST;
	must(tsr_tcb_configure(c->tcb, c->cnode, c->vspace, guest ? 0 : TSR_COMPONENT_UTCB,
			       guest ? 0 : c->utcb, ep_slot,
			       c->spec->flags & TSR_COMPONENT_NO_FP ? TSR_TCB_NO_FP : 0),
	     "configuring a thread");
	must(tsr_tcb_bind_notification(c->tcb, c->notification), "binding a notification");
	if (guest) { /* its VMM holds its TCB and vCPU */
		struct component *vmm = &components[c->spec->fault_handler];
		give(vmm, TSR_COMPONENT_SLOT_GUEST_TCB(c->spec->vcpu), c->tcb, TSR_RIGHTS_ALL, 0);
		give(vmm, TSR_COMPONENT_SLOT_GUEST_VCPU(c->spec->vcpu), c->vcpu, TSR_RIGHTS_ALL, 0);
	}
	(void)s;
}

/* The frame at physical address pa, from the device untyped that holds it: device
 * untyped hands out frames in address order from its base, so frames below pa are
 * made (and left unused) on the way. */
static long device_frame(const struct tsr_spec_region *g, unsigned long type, unsigned long pa)
{
	const struct tsr_bootinfo *bi = root.info;
	for (unsigned long u = 0; u < bi->untyped_count; u++) {
		const struct tsr_untyped_desc *d = &bi->untyped[u];
		unsigned long got = 0;
		long frame = -1;
		if (!d->device || pa < d->paddr || pa >= d->paddr + (1UL << d->size_bits))
			continue;
		while (got < pa) {
			frame = (long)root.next_slot++;
			must(tsr_untyped_retype(bi->untyped_first_slot + u, type, 0, TSR_SLOT_CNODE,
						(unsigned long)frame, 1),
			     "retyping device memory");
			must(tsr_frame_address((tsr_cap)frame, &got), "reading a frame address");
		}
		if (got != pa)
			root_fail(g->name, "device memory already handed out");
		return frame;
	}
	root_fail(g->name, "no device untyped holds its physical address");
}

/* A region's frames: RAM in one retype per 256 frames (so physically contiguous up to
 * that, for DMA: setvar_paddr), or device memory at its physical address. */
static void make_region(const struct spec *s, unsigned r, unsigned *next)
{
	const struct tsr_spec_region *g = &s->region[r];
	unsigned long type = g->page_bits == 21 ? TSR_OBJ_LARGE_FRAME : TSR_OBJ_FRAME;
	unsigned long n = g->size >> g->page_bits;
	if (*next + n > ROOT_MAX_REGION_FRAMES)
		root_fail(g->name, "more region frames than the root manager supports");
	region_first[r] = *next;
	if (g->flags & TSR_REGION_DEVICE) {
		for (unsigned long k = 0; k < n; k++)
			region_frames[(*next)++] =
			    device_frame(g, type, g->paddr + (k << g->page_bits));
		return;
	}
	for (unsigned long k = 0; k < n; k += 256) {
		unsigned long m = n - k < 256 ? n - k : 256;
		long first = tsr_root_make_many(&root, type, 0, m);
		if (first < 0)
			root_fail(g->name, "no untyped memory large enough for the region");
		for (unsigned long j = 0; j < m; j++)
			region_frames[(*next)++] = first + (long)j;
	}
}

/* Map region r (copies of its frames) into vspace at va. */
static void map_frames(const struct spec *s, unsigned r, tsr_cap vspace, unsigned long va,
		       unsigned long rights)
{
	const struct tsr_spec_region *g = &s->region[r];
	unsigned long page = 1UL << g->page_bits,
		      attr = g->flags & TSR_REGION_UNCACHED ? TSR_DEVICE : TSR_CACHED;
	for (unsigned long k = 0; k < g->size >> g->page_bits; k++, va += page) {
		unsigned long slot = root.next_slot++;
		must(tsr_cnode_copy(TSR_SLOT_CNODE, slot, TSR_SLOT_CNODE,
				    (tsr_cap)region_frames[region_first[r] + k], TSR_RIGHTS_ALL),
		     "copying a region frame");
		long err = tsr_frame_map(slot, vspace, va, rights, attr);
		if (err == -TSR_ENOTABLE && page != PAGE) {
			/* A 2 MiB frame needs tables down to level 2 only. */
			long pt = make(TSR_OBJ_PAGE_TABLE, 0);
			must(tsr_page_table_map((tsr_cap)pt, vspace, va), "mapping a page table");
			err = tsr_frame_map(slot, vspace, va, rights, attr);
		} else if (err == -TSR_ENOTABLE) {
			err = map_frame(slot, vspace, va, rights, attr);
		}
		must(err, "mapping a region");
	}
}

/* A region's initial contents from its archive file (a VM's kernel, initrd, tree). */
static void fill_region(const struct spec *s, unsigned r, unsigned long *window)
{
	const struct tsr_spec_region *g = &s->region[r];
	const char *why;
	size_t size;
	const unsigned char *file = archive_file(g->file, &size, &why);
	if (!file)
		root_fail(g->file, why);
	unsigned long page = 1UL << g->page_bits;
	*window = (*window + page - 1) & ~(page - 1);
	map_frames(s, r, TSR_SLOT_VSPACE, *window, TSR_R | TSR_W);
	memcpy((void *)*window, file, size);
	*window += g->size;
}

static void map_region(const struct spec *s, const struct tsr_spec_map *m)
{
	map_frames(s, m->region, components[m->component].vspace, m->vaddr, m->rights);
}

/* A channel's capability: in the component's CSpace, or a VM's vCPU (its hypercall
 * TSR_HVC_CHANNEL(channel)). */
static void give_channel(const struct tsr_spec_cap *k)
{
	struct component *c = &components[k->component], *t = &components[k->target];
	tsr_cap src = k->kind == TSR_CAP_ENDPOINT ? t->endpoint : t->notification;
	if (!(c->spec->flags & TSR_COMPONENT_GUEST)) {
		give(c, TSR_COMPONENT_CHANNEL_SLOT(k->channel), src, k->rights, k->badge);
		if (c->spec->deadline_us && (int)k->channel == c->spec->timing_channel) {
			c->timing = (tsr_cap)root.next_slot++; /* the kernel signals it */
			must(tsr_cnode_mint(TSR_SLOT_CNODE, c->timing, TSR_SLOT_CNODE, src,
					    k->rights, k->badge),
			     "making a timing handler");
		}
		return;
	}
	unsigned long slot = root.next_slot++;
	must(tsr_cnode_mint(TSR_SLOT_CNODE, slot, TSR_SLOT_CNODE, src, k->rights, k->badge),
	     "badging a VM's channel");
	must(tsr_vcpu_set_channel(c->vcpu, k->channel, slot), "giving a VM a channel");
}

static void give_irq(const struct tsr_spec_irq *q)
{
	struct component *c = &components[q->component];
	unsigned long handler = root.next_slot++, ntfn = root.next_slot++;
	must(tsr_invoke(TSR_SLOT_IRQ_CONTROL, TSR_IRQ_CONTROL_GET, q->irq, TSR_SLOT_CNODE, handler,
			0, 0, 0),
	     "taking an interrupt");
	must(tsr_cnode_mint(TSR_SLOT_CNODE, ntfn, TSR_SLOT_CNODE, c->notification, TSR_W, q->badge),
	     "badging a notification");
	must(tsr_invoke(handler, TSR_IRQ_HANDLER_SET_NOTIFICATION, ntfn, 0, 0, 0, 0, 0),
	     "routing an interrupt");
	must(tsr_cnode_move(c->cnode, TSR_COMPONENT_CHANNEL_SLOT(q->channel), TSR_SLOT_CNODE,
			    handler),
	     "giving an interrupt");
}

static const struct spec *the_spec; /* patches are applied again on restart */

static void apply_patches(const struct component *c)
{
	for (unsigned i = 0; i < the_spec->hdr->npatches; i++) {
		const struct tsr_spec_patch *p = &the_spec->patch[i];
		unsigned long value = p->value;
		if (&components[p->component] != c)
			continue;
		if (p->kind == TSR_PATCH_REGION_PADDR &&
		    (p->value >= the_spec->hdr->nregions ||
		     tsr_frame_address((tsr_cap)region_frames[region_first[p->value]], &value)))
			root_fail(c->spec->name, "a physical-address patch names no region");
		*(volatile unsigned long *)(c->window + p->vaddr) = value;
	}
}

bool build_system(const struct spec *s)
{
	unsigned n = s->hdr->ncomponents, next = 0;
	unsigned long files = FILES;
	fault_ep = (tsr_cap)make(TSR_OBJ_ENDPOINT, 0);
	for (unsigned i = 0; i < n; i++)
		make_component(s, i);
	for (unsigned i = 0; i < n; i++)
		configure(s, i);
	for (unsigned r = 0; r < s->hdr->nregions; r++) {
		make_region(s, r, &next);
		if (s->region[r].file[0])
			fill_region(s, r, &files);
	}
	for (unsigned i = 0; i < s->hdr->nmaps; i++)
		map_region(s, &s->map[i]);
	for (unsigned i = 0; i < s->hdr->ncaps; i++)
		give_channel(&s->cap[i]);
	for (unsigned i = 0; i < s->hdr->nirqs; i++)
		give_irq(&s->irq[i]);
	for (unsigned i = 0; i < n; i++) /* periodic tasks, once their channels exist */
		if (components[i].spec->deadline_us)
			must(tsr_sched_control_periodic(
				 TSR_SLOT_SCHED_CONTROL, components[i].sc,
				 components[i].spec->budget_us, components[i].spec->period_us,
				 components[i].spec->deadline_us, components[i].timing),
			     "making a periodic task");
	the_spec = s;
	for (unsigned i = 0; i < n; i++)
		apply_patches(&components[i]);
	for (unsigned i = 0; i < n; i++) /* VMMs start their VMs */
		if (!(components[i].spec->flags & TSR_COMPONENT_GUEST))
			must(tsr_tcb_resume(components[i].tcb), "starting a component");
	return true;
}

/* Before a VMM's restart: a vCPU waiting for the faulted VMM's reply, or running on,
 * must not run on state the VMM is about to rebuild. The restarted VMM loads the guest
 * again from its files and starts vCPU 0 afresh (userland/vmm, init). */
unsigned suspend_guests(const struct component *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < the_spec->hdr->ncomponents; i++) {
		const struct component *g = &components[i];
		if (g->spec->flags & TSR_COMPONENT_GUEST &&
		    &components[g->spec->fault_handler] == c && tsr_tcb_suspend(g->tcb) == 0)
			n++;
	}
	return n;
}

bool restart_component(struct component *c)
{
	unsigned vcpus = suspend_guests(c);
	if (vcpus)
		tsr_printf("root: '%s' is a VMM: its %u vCPU threads suspended, its VM starts "
			   "again with it\n",
			   c->spec->name, vcpus);
	if (tsr_tcb_suspend(c->tcb) < 0)
		return false;
	/* What it made from its untyped goes (its threads too); a moved untyped stays. */
	if (c->spec->untyped_bits)
		(void)tsr_cnode_revoke(c->cnode, TSR_COMPONENT_SLOT_UNTYPED);
	initial_image(c, true);
	apply_patches(c);
	start_registers(c);
	return tsr_tcb_resume(c->tcb) == 0;
}

tsr_cap root_fault_endpoint(void) { return fault_ep; }
