# SPDX-License-Identifier: BSD-2-Clause
# outputs.py: a checked System as spec records, spec.txt, report.txt and system.dot.
"""What `compose.py build` writes, made from a checked manifest.System.

spec_arrays() gives the records of the binary spec (spec.pack_spec writes them);
spec_text() the capDL-style listing of every object and capability; report() the
resources per component and in total; dot() the graph. All are deterministic: the same
manifest and programs give the same bytes. A VM appears as its vCPU threads (component
records flagged TSR_COMPONENT_GUEST, one per vCPU, each with its vCPU object; vCPU 0's
holds the address space and is what channels and maps name), and as regions of its RAM
and files.
"""

from . import spec
from . import vm as vmdef
from .model import fmt_range, fmt_size, page_span

# Object sizes in bytes (tessera/abi.h TSR_OBJECTS: 2^size_bits).
OBJECT_BYTES = {"tcb": 1 << 11, "cnode": (1 << spec.CNODE_BITS) << 6, "vspace": 1 << 12,
                "endpoint": 1 << 4, "notification": 1 << 5, "sched_context": 1 << 8,
                "page_table": 1 << 12, "vcpu": 1 << 12}
RIGHT_LETTERS = ((spec.RIGHT_R, "R"), (spec.RIGHT_W, "W"), (spec.RIGHT_X, "X"),
                 (spec.RIGHT_G, "G"))


def human(n):
    """N bytes for people: 512 bytes, 84.7K, 2M, 2.02M (exact when whole)."""
    for unit, size, digits in (("M", 1 << 20, 2), ("K", 1 << 10, 1)):
        if n >= size:
            return f"{n // size}{unit}" if n % size == 0 else f"{n / size:.{digits}f}{unit}"
    return f"{n} bytes"


def rights_text(bits):
    """Rights bits as letters: RW, RX, W."""
    return "".join(letter for bit, letter in RIGHT_LETTERS if bits & bit) or "-"


def segment_rights(flags):
    """ELF PF_* flags (X 1, W 2, R 4) as rights bits."""
    return (spec.RIGHT_R if flags & 4 else 0) | (spec.RIGHT_W if flags & 2 else 0) | \
        (spec.RIGHT_X if flags & 1 else 0)


def fault_badge(c):
    """The badge of component C's fault endpoint capability."""
    if c.fault_handler is None:
        return spec.root_fault_badge(c.index)
    return spec.fault_badge(c.fault_channel)


def channel_caps(system):
    """The channel capabilities as spec records, by (component, channel). A VM's own (its
    vCPU 0's) are given to each of its vCPUs."""
    out = []
    for ch in system.channels:
        (a, a_id), (b, b_id) = ch.a, ch.b
        if ch.kind == "call":
            out.append(dict(component=a, channel=a_id, kind=spec.CAP_ENDPOINT, target=b,
                            badge=spec.call_badge(b_id), rights=spec.RIGHT_W))
        else:
            out.append(dict(component=a, channel=a_id, kind=spec.CAP_NOTIFICATION, target=b,
                            badge=spec.notify_badge(b_id), rights=spec.RIGHT_W))
            out.append(dict(component=b, channel=b_id, kind=spec.CAP_NOTIFICATION, target=a,
                            badge=spec.notify_badge(a_id), rights=spec.RIGHT_W))
    vcpus = {vm.component: vm.vcpus for vm in system.vms}
    out += [dict(cap, component=cap["component"] + k) for cap in out
            for k in range(1, vcpus.get(cap["component"], 1))]
    return sorted(out, key=lambda cap: (cap["component"], cap["channel"]))


def region_order(system):
    """{manifest index: spec index} of the regions: RAM regions in manifest order, then
    device regions by address (the root manager takes device frames in address order)."""
    ordered = sorted(system.regions, key=lambda r: (r.device, r.paddr or 0, r.index))
    return {r.index: i for i, r in enumerate(ordered)}


def spec_arrays(system):
    """{count field: [record dicts]} for spec.pack_spec."""
    comps = [dict(name=c.name, program=c.program, priority=c.priority, budget_us=c.budget_us,
                  period_us=c.period_us, stack_size=c.stack, policy=c.policy,
                  max_restarts=c.restarts,
                  fault_handler=-1 if c.fault_handler is None else c.fault_handler,
                  fault_badge=fault_badge(c),
                  flags=(spec.COMPONENT_GUEST if c.vm else 0) |
                  (0 if c.fp else spec.COMPONENT_NO_FP),
                  vcpu=c.vcpu, deadline_us=c.deadline_us,
                  timing_channel=-1 if c.timing_channel is None else c.timing_channel,
                  untyped_bits=c.untyped.bit_length() - 1 if c.untyped else 0,
                  cpu=c.cpu)
             for c in system.components]
    order = region_order(system)
    regions = [dict(name=r.name, size=r.size, paddr=r.paddr or 0, page_bits=r.page_bits,
                    flags=(spec.REGION_DEVICE if r.device else 0) |
                    (0 if r.cached else spec.REGION_UNCACHED), file=r.file or "")
               for r in sorted(system.regions, key=lambda r: order[r.index])]
    maps = [dict(component=m.component, region=order[m.region], vaddr=m.vaddr,
                 rights=m.rights)
            for m in sorted(system.maps, key=lambda m: (m.component, m.vaddr))]
    irqs = [dict(component=q.component, irq=q.irq, channel=q.channel,
                 badge=spec.notify_badge(q.channel))
            for q in sorted(system.irqs, key=lambda q: (q.component, q.channel))]
    patches = [dict(component=p.component, kind=p.kind, vaddr=p.vaddr,
                    value=order[p.value] if p.kind == spec.PATCH_REGION_PADDR else p.value)
               for p in sorted(system.patches, key=lambda p: (p.component, p.vaddr))]
    return {"ncomponents": comps, "nregions": regions, "nmaps": maps,
            "ncaps": channel_caps(system), "nirqs": irqs, "npatches": patches}


# -- memory -------------------------------------------------------------------------------


def segment_pages(c):
    """[(start, end, rights)] of component C's program, in whole pages."""
    return [(*page_span(s.vaddr, s.end), segment_rights(s.flags)) for s in c.binary.segments] \
        if c.binary else []


def page_tables(system, c):
    """(level-2 tables, level-3 tables) component or VM C's address space needs."""
    small = [(s, e) for s, e, _ in segment_pages(c)]
    if c.vm is None:
        small += [(spec.COMPONENT_UTCB, spec.COMPONENT_UTCB + spec.PAGE),
                  (spec.COMPONENT_STACK_TOP - c.stack, spec.COMPONENT_STACK_TOP)]
    large = []
    for m in system.maps:
        if m.component == c.index:
            r = system.regions[m.region]
            (small if r.page_bits == 12 else large).append((m.vaddr, m.vaddr + r.size))
    l2 = {g for s, e in small + large for g in range(s >> 30, ((e - 1) >> 30) + 1)}
    l3 = {b for s, e in small for b in range(s >> 21, ((e - 1) >> 21) + 1)}
    return len(l2), len(l3)


def objects(c):
    """[(object, bytes)] of component or vCPU thread C's kernel objects, page tables
    excluded (a VM's vCPUs after the first share its VSpace)."""
    if c.vm:
        names = ("tcb", "vcpu", "notification") if c.vcpu else \
            ("tcb", "vcpu", "vspace", "notification")
    else:
        names = ("tcb", "cnode", "vspace", "endpoint", "notification")
    out = [(name, OBJECT_BYTES[name]) for name in names]
    if c.budget_us:
        out.append(("sched_context", OBJECT_BYTES["sched_context"]))
    return out


def footprint(system, c):
    """Component C's memory: {program, stack, utcb, page_tables, objects} in bytes."""
    l2, l3 = page_tables(system, c)
    return {"program": sum(e - s for s, e, _ in segment_pages(c)), "stack": c.stack,
            "utcb": 0 if c.vm else spec.PAGE,
            "page_tables": (l2 + l3) * OBJECT_BYTES["page_table"],
            "objects": sum(size for _, size in objects(c))}


# -- spec.txt -----------------------------------------------------------------------------


def frames(name, first, count):
    """A frame array reference: name[3] or name[0..2]."""
    return f"{name}[{first}]" if count == 1 else f"{name}[{first}..{first + count - 1}]"


def _channel_caps(system, c, caps, slot):
    """[(slot, text)] of C's channel capabilities; SLOT(channel) numbers them."""
    names = [x.name for x in system.components]
    out = []
    for cap in caps:
        if cap["component"] == c.index:
            kind = "endpoint" if cap["kind"] == spec.CAP_ENDPOINT else "notification"
            out.append((slot(cap["channel"]),
                        f"{names[cap['target']]}.{kind} ({rights_text(cap['rights'])}, "
                        f"badge: {cap['badge']:#x})  # channel {cap['channel']}"))
    return out


def _cnode_caps(system, c, caps, irqs):
    """The lines of component C's CNode: fixed slots, then channel slots."""
    fixed = {spec.SLOT_TCB: "tcb", spec.SLOT_CNODE: "cnode", spec.SLOT_VSPACE: "vspace",
             spec.SLOT_ENDPOINT: "endpoint", spec.SLOT_NOTIFICATION: "notification"}
    lines = [(slot, f"{c.name}.{obj} ({rights_text(spec.SLOT_RIGHTS[slot])})")
             for slot, obj in fixed.items()]
    for guest in system.components:
        if guest.vm and guest.vm.vmm == c.index:
            lines += [(spec.slot_guest_tcb(guest.vcpu),
                       f"{guest.name}.tcb ({rights_text(spec.RIGHTS_ALL)})"),
                      (spec.slot_guest_vcpu(guest.vcpu),
                       f"{guest.name}.vcpu ({rights_text(spec.RIGHTS_ALL)})")]
    if c.untyped:
        lines.append((spec.SLOT_UNTYPED, f"{c.name}.untyped ({rights_text(spec.RIGHTS_ALL)})"))
    lines += _channel_caps(system, c, caps, spec.channel_slot)
    for q in irqs:
        if q["component"] == c.index:
            lines.append((spec.channel_slot(q["channel"]),
                          f"irq:{q['irq']}  # channel {q['channel']}"))
    return [f"    {slot}: {text}" for slot, text in sorted(lines)]


def _vspace_caps(system, c):
    """The lines of component or VM C's VSpace: every mapping by address."""
    lines, first = [], 0
    for start, end, rights in segment_pages(c):
        count = (end - start) // spec.PAGE
        lines.append((start, f"{frames(c.name + '.program', first, count)} "
                             f"({rights_text(rights)})"))
        first += count
    if c.vm is None:
        lines.append((spec.COMPONENT_UTCB, f"{c.name}.utcb (RW)"))
        lines.append((spec.COMPONENT_STACK_TOP - c.stack,
                      f"{frames(c.name + '.stack', 0, c.stack // spec.PAGE)} (RW)"))
    for m in system.maps:
        if m.component == c.index:
            r = system.regions[m.region]
            lines.append((m.vaddr, f"{frames('region:' + r.name, 0, r.size // r.page)} "
                                   f"({rights_text(m.rights)})  # {m.source}"))
    return [f"    {addr:#x}: {text}" for addr, text in sorted(lines)]


def _tcb_caps(system, c):
    """The lines of C's TCB: its CSpace (or vCPU), VSpace, UTCB, fault endpoint, SC."""
    if c.fault_handler is None:
        fault = "root:fault_endpoint"
    else:
        fault = f"{system.components[c.fault_handler].name}.endpoint"
    lines = [f"    vcpu: {c.name}.vcpu"] if c.vm else \
        [f"    cspace: {c.name}.cnode"]
    lines.append(f"    vspace: {system.components[c.index - c.vcpu].name}.vspace")
    if c.vm is None:
        lines.append(f"    utcb: {c.name}.utcb ({spec.COMPONENT_UTCB:#x})")
    lines += [f"    fault_endpoint: {fault} ({rights_text(spec.FAULT_ENDPOINT_RIGHTS)}, "
              f"badge: {fault_badge(c):#x})",
              f"    bound_notification: {c.name}.notification"]
    if c.budget_us:
        lines.append(f"    sched_context: {c.name}.sc")
    return lines


def _thread_objects(system, c):
    """The object lines of component or vCPU thread C."""
    l2, l3 = page_tables(system, c)
    lines = [f"{c.name}.notification = notification"]
    if not c.vcpu:
        lines += [f"{c.name}.vspace = vspace", f"{c.name}.page_tables = page_table[{l2 + l3}] "
                                               f"(level 2: {l2}, level 3: {l3})"]
    if c.budget_us:
        periodic = f", periodic, deadline: {c.deadline_us} us" if c.deadline_us else ""
        lines.append(f"{c.name}.sc = sched_context (budget: {c.budget_us} us, "
                     f"period: {c.period_us} us{periodic})")
    cpu = f", cpu: {c.cpu}" if c.cpu else ""
    if c.vm:
        vmm = system.components[c.vm.vmm].name
        what = f"vCPU {c.vcpu} of vm {c.vm.name}," if c.vcpu else "vm"
        return lines + [f"{c.name}.tcb = tcb (priority: {c.priority}{cpu}, {what} served by "
                        f"{vmm})",
                        f"{c.name}.vcpu = vcpu"]
    pages = sum(e - s for s, e, _ in segment_pages(c)) // spec.PAGE
    policy = "restart" if c.policy == spec.POLICY_RESTART else "stop"
    restarts = f", restarts: {c.restarts}" if c.restarts else ""
    return lines + [f"{c.name}.tcb = tcb (priority: {c.priority}{cpu}, fault: {policy}"
                    f"{restarts})",
                    f"{c.name}.cnode = cnode (bits: {spec.CNODE_BITS})",
                    f"{c.name}.endpoint = endpoint", f"{c.name}.utcb = frame (4K)",
                    *([f"{c.name}.untyped = untyped ({fmt_size(c.untyped)})"] if c.untyped else []),
                    f"{c.name}.stack = frame[{c.stack // spec.PAGE}] (4K)",
                    f"{c.name}.program = frame[{pages}] (4K, from {c.program}.elf)"]


def _objects(system):
    """The object lines, sorted."""
    lines = ["root:fault_endpoint = endpoint (the root manager's)"]
    for c in system.components:
        lines += _thread_objects(system, c)
    for r in system.regions:
        where = f"device at {r.paddr:#x}" if r.device else "RAM"
        file = f", from archive entry {r.file}" if r.file else ""
        lines.append(f"region:{r.name} = frame[{r.size // r.page}] ({fmt_size(r.page)}, "
                     f"{where}, {'cached' if r.cached else 'uncached'}{file})")
    for q in system.irqs:
        lines.append(f"irq:{q.irq} = irq_handler")
    return sorted(lines)


def spec_text(system):
    """spec.txt: every object and capability, sorted and stable."""
    arrays = spec_arrays(system)
    by_name = sorted(system.components, key=lambda c: c.name)
    out = [f"# spec.txt: system '{system.name}' as objects and capabilities (capDL style),",
           f"# generated by tools/compose.py from {system.path}.",
           "# Component CNode slots, VSpace addresses; rights R W X G; badges in hex."]
    if system.vms:
        out.append("# A VM's vCPU holds its channels (VCPU_SET_CHANNEL index); its VSpace is "
                   "guest-physical.")
    if any(vm.vcpus > 1 for vm in system.vms):
        out.append("# A VM's vCPU i > 0 is the thread <vm>.<i>, with its own vCPU, in vCPU 0's "
                   "VSpace.")
    out += ["", "arch aarch64", "", "objects {"]
    out += [f"  {line}" for line in _objects(system)] + ["}", "", "caps {"]
    blocks = []
    for c in by_name:
        if c.vm:
            blocks.append((f"{c.name}.vcpu", [f"    {slot}: {text}" for slot, text in sorted(
                _channel_caps(system, c, arrays["ncaps"], lambda ch: ch))]))
        else:
            blocks.append((f"{c.name}.cnode", _cnode_caps(system, c, arrays["ncaps"],
                                                           arrays["nirqs"])))
        blocks.append((f"{c.name}.tcb", _tcb_caps(system, c)))
        if not c.vcpu:
            blocks.append((f"{c.name}.vspace", _vspace_caps(system, c)))
    for q in sorted(arrays["nirqs"], key=lambda q: q["irq"]):
        owner = system.components[q["component"]].name
        blocks.append((f"irq:{q['irq']}", [f"    notification: {owner}.notification "
                                            f"(W, badge: {q['badge']:#x})"]))
    for name, lines in sorted(blocks):
        out += [f"  {name} {{"] + lines + ["  }"]
    out += ["}", "", "patches {"]
    for p in sorted(system.patches, key=lambda p: (system.components[p.component].name,
                                                   p.vaddr)):
        value = f"paddr(region {next(r.name for r in system.regions if r.index == p.value)})" \
            if p.kind == spec.PATCH_REGION_PADDR else f"{p.value:#x}"
        out.append(f"  {system.components[p.component].name} {p.vaddr:#x} = {value}  "
                   f"# {p.symbol}, {p.source}")
    return "\n".join(out + ["}", ""])


# -- report.txt ---------------------------------------------------------------------------


def _channels_of(system, c):
    """Lines describing C's channels, IRQs and fault channel, by id (C a component or VM)."""
    names = [x.name for x in system.components]
    lines = []
    for ch in system.channels:
        for (me, my_id), (peer, peer_id), side in ((ch.a, ch.b, "a"), (ch.b, ch.a, "b")):
            if me != c.index:
                continue
            label = f', label "{ch.label or names[peer]}"' if c.vm else ""
            if ch.kind == "notify":
                what = f"notify <-> {names[peer]}:{peer_id}"
            elif side == "a" and c.vm:
                what = f"call -> {names[peer]}:{peer_id}"
            elif side == "a":
                what = f"call -> {names[peer]}:{peer_id} (slot {spec.channel_slot(my_id)})"
            else:
                what = f"called by {names[peer]}:{peer_id} (badge {spec.call_badge(my_id):#x})"
            lines.append((my_id, f"channel {my_id}: {what}{label}"))
    for q in system.irqs:
        if q.component == c.index:
            lines.append((q.channel, f"channel {q.channel}: irq {q.irq}"))
    for child in system.components:
        if child.fault_handler == c.index:
            vcpu = f" vCPU {child.vcpu}" if child.vm and child.vm.vcpus > 1 else ""
            what = f"exits of vm {child.vm.name}{vcpu}" if child.vm else \
                f"faults of {child.name}"
            lines.append((child.fault_channel, f"channel {child.fault_channel}: {what} (badge "
                                               f"{spec.fault_badge(child.fault_channel):#x})"))
    return [text for _, text in sorted(lines)]


def _maps_of(system, c):
    """Lines describing the regions mapped into C (a component or VM)."""
    out = []
    for m in system.maps:
        if m.component == c.index:
            r = system.regions[m.region]
            label = f', label "{m.label}"' if m.label else ""
            out.append(f"  region {r.name}: {fmt_size(r.size)} at "
                       f"{fmt_range(m.vaddr, m.vaddr + r.size)} {rights_text(m.rights)}{label}")
    return out


def _component_report(system, c, fp, caps):
    """The report lines of component C, with footprint FP and channel capabilities CAPS."""
    sc = f"budget {c.budget_us} us / period {c.period_us} us" if c.budget_us else "no SC"
    handler = "the root manager" if c.fault_handler is None else \
        system.components[c.fault_handler].name
    policy = f"restart (up to {c.restarts})" if c.restarts else "stop"
    fixed = 5 + (1 if c.untyped else 0) + \
        sum(2 * vm.vcpus for vm in system.vms if vm.vmm == c.index)
    ncaps = fixed + sum(1 for cap in caps if cap["component"] == c.index) + \
        sum(1 for q in system.irqs if q.component == c.index)
    return [f"component {c.name}: program {c.program}, priority {c.priority}, {sc}, "
            f"faults: {policy}, handled by {handler}",
            f"  memory: program {fmt_size(fp['program'])}, stack {fmt_size(c.stack)}, "
            f"UTCB 4K, page tables {fmt_size(fp['page_tables'])}" +
            (f", untyped {fmt_size(c.untyped)}" if c.untyped else ""),
            "  objects: " + ", ".join(f"{n} {fmt_size(s)}" for n, s in objects(c)),
            f"  capabilities: {ncaps} in its CNode ({fixed} fixed slots)"]


def _vm_report(system, c, fp, caps):
    """The report lines of VM C (its vCPU 0's thread), as _component_report."""
    vm, vmm = c.vm, system.components[c.vm.vmm].name
    sc = f"budget {c.budget_us} us / period {c.period_us} us" if c.budget_us else "no SC"
    sc += " each" if c.budget_us and vm.vcpus > 1 else ""
    exits = f"channel {c.fault_channel}" if vm.vcpus == 1 else \
        f"channels {c.fault_channel}..{spec.vmm_exit_channel(vm.vcpus - 1)}"
    out = [f"vm {c.name}: {vm.vcpus} vCPU{'s' * (vm.vcpus > 1)}, served by {vmm} (exits on "
           f"{vmm}'s {exits}), priority {c.priority}, {sc}",
           f"  memory: RAM {fmt_size(vm.ram)} at IPA "
           f"{fmt_range(vmdef.GUEST_RAM_IPA, vmdef.GUEST_RAM_IPA + vm.ram)} (in {vmm} at "
           f"{vmdef.VMM_RAM:#x}), page tables {fmt_size(fp['page_tables'])}"]
    for key in vmdef.FILE_KEYS:
        if key in vm.files:
            source = vm.paths[key].name if key in vm.paths else "generated"
            out.append(f"  {key}: {source}, {len(vm.files[key])} bytes (in {vmm} at "
                       f"{vmdef.VMM_FILES[key]:#x})")
    ncaps = sum(1 for cap in caps if cap["component"] == c.index)
    where = "its vCPU" if vm.vcpus == 1 else "each vCPU"
    more = [system.components[c.index + 1]] if vm.vcpus > 1 else []
    others = "vCPU 1" if vm.vcpus == 2 else f"vCPUs 1..{vm.vcpus - 1} each"
    return out + ["  objects: " + ", ".join(f"{n} {fmt_size(s)}" for n, s in objects(c)) +
                  "".join(f"; {others}: " +
                          ", ".join(f"{n} {fmt_size(s)}" for n, s in objects(v)) for v in more),
                  f"  capabilities: {ncaps} in {where} (channels 0..{spec.VCPU_CHANNELS - 1})"]


def report(system):
    """report.txt: memory, objects, capabilities and channels per component; totals."""
    board = system.board
    out = [f"System '{system.name}' ({system.path}) on {board.name}: "
           f"RAM {fmt_size(board.ram_size)} at {board.ram_base:#x}", ""]
    totals = dict.fromkeys(("program", "stack", "utcb", "page_tables", "objects"), 0)
    caps = spec_arrays(system)["ncaps"]
    for c in system.components:
        fp = footprint(system, c)
        for key in totals:
            totals[key] += fp[key]
        if c.vcpu:
            continue  # in its VM's (vCPU 0's) lines
        out += (_vm_report if c.vm else _component_report)(system, c, fp, caps)
        out += _maps_of(system, c)
        out += [f"  {line}" for line in _channels_of(system, c)] + [""]
    ram_regions = sum(r.size for r in system.regions if not r.device and not r.vm)
    vm_regions = sum(r.size for r in system.regions if r.vm)
    for r in system.regions:
        users = sorted({system.components[m.component].name
                        for m in system.maps if m.region == r.index})
        kind = f"device at {fmt_range(r.paddr, r.paddr + r.size)}" if r.device else "RAM"
        file = f", from archive entry {r.file}" if r.file else ""
        out.append(f"region {r.name}: {fmt_size(r.size)} {kind}, "
                   f"{'cached' if r.cached else 'uncached'}, {fmt_size(r.page)} pages, "
                   f"mapped by {', '.join(users) or 'nobody'}{file}")
    untyped = sum(c.untyped for c in system.components)
    total = sum(totals.values()) + ram_regions + vm_regions + untyped
    rows = [("programs", totals["program"]), ("stacks", totals["stack"]),
            ("UTCBs", totals["utcb"]), ("page tables", totals["page_tables"]),
            ("kernel objects", totals["objects"]), ("RAM regions", ram_regions)]
    if untyped:
        rows.append(("untyped", untyped))
    if system.vms:
        rows.append(("VM RAM, files", vm_regions))
    rows += [("total", total), ("board RAM", board.ram_size)]
    out += ["", "totals (RAM; not counting the kernel, the root manager and the boot archive):"]
    out += [f"  {name:<15} {human(size):>8} {size:>11} bytes" for name, size in rows]
    free = board.ram_size - total
    out.append(f"  {total * 100 / board.ram_size:.1f}% of RAM used, " +
               (f"{human(free)} free" if free >= 0 else f"OVER BY {human(-free)}"))
    return "\n".join(out + [""])


# -- system.dot ---------------------------------------------------------------------------


def _dot_id(kind, name):
    """A quoted Graphviz node id."""
    return f'"{kind}:{name}"'


def dot(system):
    """system.dot: components, VMs, channels with ids, regions, IRQs, fault handlers."""
    ids = [_dot_id("v" if c.vm else "c", c.name) for c in system.components]
    out = [f'digraph "{system.name}" {{',
           f'  graph [rankdir=LR, fontname="Helvetica", label="system {system.name}"];',
           '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];']
    for c in system.components:
        if c.vcpu:
            continue  # drawn as its VM
        if c.vm:
            vcpus = f"{c.vm.vcpus} vCPU{'s' * (c.vm.vcpus > 1)}"
            out.append(f'  {ids[c.index]} [shape=box3d, label="vm {c.name}\\n{vcpus}, RAM '
                       f'{fmt_size(c.vm.ram)}, priority {c.priority}"];')
        else:
            out.append(f'  {ids[c.index]} [shape=box, style=rounded, '
                       f'label="{c.name}\\n{c.program}, priority {c.priority}"];')
    for r in system.regions:
        users = [m for m in system.maps if m.region == r.index]
        style = ", style=filled, fillcolor=lightyellow" if len(users) > 1 else ""
        kind = f"device {r.paddr:#x}" if r.device else "RAM"
        out.append(f'  {_dot_id("r", r.name)} [shape=folder{style}, '
                   f'label="{r.name}\\n{fmt_size(r.size)} {kind}"];')
        for m in users:
            out.append(f'  {ids[m.component]} -> {_dot_id("r", r.name)} '
                       f'[dir=none, style=dashed, label="{m.vaddr:#x} '
                       f'{rights_text(m.rights)}"];')
    for ch in system.channels:
        (a, a_id), (b, b_id) = ch.a, ch.b
        both = ", dir=both" if ch.kind == "notify" else ""
        out.append(f'  {ids[a]} -> {ids[b]} [label="{ch.kind} {a_id}:{b_id}"{both}];')
    for q in system.irqs:
        out.append(f'  {_dot_id("i", q.irq)} [shape=diamond, label="irq {q.irq}"];')
        out.append(f'  {_dot_id("i", q.irq)} -> {ids[q.component]} '
                   f'[label="channel {q.channel}"];')
    for c in system.components:
        if c.vm and c.vm.vcpus > 1 and not c.vcpu:
            out.append(f'  {ids[c.index]} -> {ids[c.fault_handler]} [style=dotted, label="exits, '
                       f'channels {c.fault_channel}..'
                       f'{spec.vmm_exit_channel(c.vm.vcpus - 1)}"];')
        elif c.fault_handler is not None and not c.vcpu:
            what = "exits" if c.vm else "faults"
            out.append(f'  {ids[c.index]} -> {ids[c.fault_handler]} '
                       f'[style=dotted, label="{what}, channel {c.fault_channel}"];')
    return "\n".join(out + ["}", ""])
