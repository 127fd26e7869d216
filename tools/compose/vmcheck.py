# SPDX-License-Identifier: BSD-2-Clause
# vmcheck.py: the manifest checks of [[vm]] tables, and the objects a VM becomes.
"""The part of manifest.Checker that knows VMs (a mixin: it uses the Checker's state).

A VM is checked like a component where it is one (name, priority, scheduling), and
its vCPUs, VMM, RAM, bootargs and files (kernel, initrd, dtb) on their own. Its vCPUs
are threads (spec component records) after the components, vCPU 0 first: maps and
channels name vCPU 0's, the others are copies of it (vcpu_threads). Once maps and
channels are checked, vm_objects() makes what the VM needs beyond them: its device tree,
its regions (RAM and files), their maps into the VM and the VMM, and the patches of
the VMM's variables that say where they are and how many vCPUs (vm.py).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import files
from . import spec
from . import vm as vmdef
from .model import Component, Map, Region, Vm, describe, fmt_range, fmt_size, quote, shown

LABEL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,+-]{0,62}")
PRIORITY = (1, 254)  # of components and VMs
NOT_A_VMM = "a VMM is a [[component]]"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
BOOTARGS_MAX = 2047  # bytes: Linux's arm64 COMMAND_LINE_SIZE (2048) with its NUL
# On a GICv2 board, the region of its virtual CPU interface (PLAT_GICV_BLOCK) that every
# VM maps as its GIC CPU interface: a tool-made name (with a dot, as "<vm>.ram").
GICV_REGION = "board.gicv"
GICV_WHAT = "the GIC's virtual CPU interface (PLAT_GICV_BLOCK), which every VM maps"


@dataclass
class VmObjects:
    """What the VMs add to the system: regions, maps, patches."""

    regions: list = field(default_factory=list)
    maps: list = field(default_factory=list)
    patches: list = field(default_factory=list)
    archived: int = 0  # bytes of the VMs' files in the boot archive: a second copy in RAM


class VmChecks:
    """Checks of [[vm]] tables and the labels of VMs' device trees (see the module)."""

    def vm_names(self):
        """VM names are unique among components too; sets the labels of messages."""
        for name, i in self.names["vm"].items():
            place = self.places["vm"][i]
            if name in self.names["component"] and place.label != f"vm[{i}]":
                place.label = f"vm[{i}]"
                self.error(place, "name", f"{quote(name)} is already the name of "
                                          f"component[{self.names['component'][name]}]")
        self.labels = {i: p.label for i, p in self.places["component"].items()}
        self.labels.update({self.guest_index[i]: p.label for i, p in self.places["vm"].items()})

    def vm_vcpus(self, place, table):
        """A VM's number of vCPUs (1 if not given or bad)."""
        vcpus = self.get(place, table, "vcpus", "integer")
        if vcpus is None:
            return 1
        if vcpus < 1:
            self.error(place, "vcpus", f"{vcpus}: a VM has at least one vCPU")
        elif vcpus > spec.VM_VCPUS_MAX:
            self.error(place, "vcpus", f"{vcpus}: at most {spec.VM_VCPUS_MAX} vCPUs")
        else:
            return vcpus
        return 1

    def vm(self, place, i, table, comps, served, vcpus):
        """One [[vm]] of VCPUS vCPUs: its vCPU 0's thread, a Component whose .vm is the
        Vm. SERVED maps the VMMs seen so far to the VMs they serve."""
        self.unknown_keys(place, table, "vm")
        vm = Vm(i, table.get("name") if place.label != f"vm[{i}]" else None,
                self.guest_index[i], vcpus=vcpus)
        programs = {c.program: c.index for c in comps.values() if c.program}
        for entry in (f"{vm.name}.{key}" for key in vmdef.FILE_KEYS if vm.name):
            if entry in programs:
                self.error(place, "name", f"its file {quote(entry)} would have the archive "
                                          f"entry of program {quote(entry)} "
                                          f"({self.labels[programs[entry]]})")
        guest = Component(vm.component, vm.name, program="", stack=0,
                          fault_channel=spec.VMM_EXIT_CHANNEL, vm=vm)
        vmm = self.get_ref(place, table, "vmm", "component", NOT_A_VMM)
        if vmm is not None and vmm in served:
            self.error(place, "vmm", f"{self.labels[vmm]} already serves {served[vmm]}: a "
                                     "VMM serves one VM")
        elif vmm is not None:
            served[vmm] = place.label
            vm.vmm = guest.fault_handler = vmm
            last = spec.vmm_exit_channel(vcpus - 1)
            why = f"channel {last}" if vcpus == 1 else \
                f"channels {spec.VMM_EXIT_CHANNEL}..{last}, one per vCPU"
            for k in range(vcpus):
                self.reserved[vmm, spec.vmm_exit_channel(k)] = \
                    f"{place.label} (a VMM gets its VM's exits on {why})"
        guest.priority = self.get_range(place, table, "priority", PRIORITY, required=True)
        vm.cpus = self.vm_cpus(place, table, vcpus)
        guest.cpu = vm.cpus[0]
        self.scheduling(place, table, guest)
        vm.ram = self.vm_ram(place, table)
        vm.bootargs = self.bootargs(place, table)
        for key in vmdef.FILE_KEYS:
            self.vm_file(place, table, key, vm)
        self.vm_fits(place, vm)
        return guest

    def vm_fits(self, place, vm):
        """The VM's kernel, initrd and device tree fit its RAM as the VMM lays them out:
        the kernel where it is linked (or text_offset in), the tree in the last 2 MiB,
        the initrd page-aligned right below."""
        span = vmdef.kernel_span(vm.files["kernel"]) if "kernel" in vm.files else None
        if not vm.ram or span is None:
            return
        ram_end = vmdef.GUEST_RAM_IPA + vm.ram
        initrd = len(vm.files.get("initrd", b""))
        below = (ram_end - vmdef.DTB_SPACE - initrd) & ~(spec.PAGE - 1)
        if span[0] < vmdef.GUEST_RAM_IPA or span[1] > ram_end:
            self.error(place, "kernel", f"it loads at {fmt_range(*span)}, outside the VM's "
                                        f"RAM {fmt_range(vmdef.GUEST_RAM_IPA, ram_end)}")
        elif span[1] > below:
            self.error(place, "ram", f"{fmt_size(vm.ram)} cannot hold the kernel "
                                     f"({fmt_range(*span)}), the initrd ({initrd} bytes) and "
                                     f"the device tree (the last 2M)")

    def vm_cpus(self, place, table, vcpus):
        """The CPU of each of a VM's VCPUS vCPUs (cpus = [...]; default all on CPU 0)."""
        cpus = table.get("cpus")
        if cpus is None:
            return [0] * vcpus
        if not isinstance(cpus, list):
            self.error(place, "cpus", f"{describe(cpus)} is not an array of CPU numbers")
            return [0] * vcpus
        if len(cpus) != vcpus:
            self.error(place, "cpus", f"{len(cpus)} CPUs for {vcpus} vCPU"
                                      f"{'s' if vcpus != 1 else ''}: one per vCPU")
            return [0] * vcpus
        return [self.cpu(place, table, "cpus", v) for v in cpus]

    @staticmethod
    def vcpu_threads(guest):
        """The Components of VM GUEST's vCPUs 1.. (GUEST is vCPU 0's): "<vm>.<i>", with
        vCPU 0's scheduling and VMM, exits on the VMM's channel 62 - i."""
        vm = guest.vm
        return [Component(guest.index + k, f"{vm.name}.{k}", program="", stack=0,
                          priority=guest.priority, budget_us=guest.budget_us,
                          period_us=guest.period_us, fault_handler=guest.fault_handler,
                          fault_channel=spec.vmm_exit_channel(k), vm=vm, vcpu=k,
                          cpu=vm.cpus[k])
                for k in range(1, vm.vcpus)]

    def vm_ram(self, place, table):
        """A VM's RAM size, or None."""
        ram = self.get_size(place, table, "ram", required=True)
        if ram is None:
            return None
        if ram == 0:
            self.error(place, "ram", "0: a VM needs RAM")
        elif ram % vmdef.RAM_ALIGN:
            self.error(place, "ram", f"{fmt_size(ram)} is not a multiple of "
                                     f"{fmt_size(vmdef.RAM_ALIGN)}")
        elif ram > self.board.ram_size:
            self.error(place, "ram", f"{fmt_size(ram)} is larger than the machine's RAM "
                                     f"({fmt_size(self.board.ram_size)})")
            self.ram_overflow = True
        else:
            return ram
        return None

    def bootargs(self, place, table):
        """A VM's bootargs, or None."""
        text = self.get(place, table, "bootargs", "string")
        if text is None:
            return None
        if "dtb" in table:
            self.error(place, "bootargs", "not allowed with dtb: bootargs go into the device "
                                          "tree the tool generates")
        elif CONTROL.search(text):
            self.error(place, "bootargs", f"has a control character "
                                          f"(U+{ord(CONTROL.search(text)[0]):04X}): bootargs "
                                          "are one line")
        elif len(text.encode("utf-8")) > BOOTARGS_MAX:
            self.error(place, "bootargs", f"is {len(text.encode('utf-8'))} bytes long; at most "
                                          f"{BOOTARGS_MAX} (a kernel command line, as Linux "
                                          "takes it)")
        else:
            return text
        return None

    def vm_file(self, place, table, key, vm):
        """A VM's file KEY ("kernel", "initrd", "dtb"): its path in VM.paths, its bytes in
        VM.files once checked. Found beside the manifest, else in the files folder; not
        checked without a programs folder unless it is there (it may not be built)."""
        name = self.get(place, table, key, "string", required=key == "kernel")
        if name is None:
            return
        if not name or "\0" in name:
            self.error(place, key, f"{quote(name)} is not a file name")
            return
        path = self.folder / name
        if not files.exists(path) and self.files_dir is not None:
            path = Path(self.files_dir) / name
        vm.paths[key] = path
        if self.programs_dir is None and not files.exists(path):
            return
        name_shown = shown(name)
        try:
            data = files.read(path, self.board.ram_size)
        except FileNotFoundError:
            self.error(place, key, f"{quote(name)} is in neither the manifest's folder nor "
                                   "the programs folder")
            return
        except files.FileProblem as e:
            self.error(place, key, f"cannot use {name_shown}: {e}")
            return
        except OSError as e:
            self.error(place, key, f"cannot read {name_shown}: {e.strerror}")
            return
        if key == "kernel" and (problem := vmdef.kernel_problem(data)):
            self.error(place, key, f"{name_shown} is not an AArch64 kernel (an ELF64 file or an "
                                   f"arm64 Image): {problem}")
        elif key == "initrd" and not data:
            self.error(place, key, f"{name_shown} is empty")
        elif key == "dtb" and (problem := vmdef.dtb_problem(data, "initrd" in vm.paths)):
            self.error(place, key, f"{name_shown} is not a device tree the VM can use: {problem}")
        else:
            vm.files[key] = data

    # -- address spaces and labels -------------------------------------------------------

    def vm_windows(self, guests):
        """The ranges manifest maps cannot take: {thread index: [(start, end, what)]}. In a
        VM, the emulated GIC and its RAM; in a VMM, where it sees its VM."""
        taken = {}
        for index, guest in guests.items():
            vm, label = guest.vm, self.labels[index]
            spans = [(vmdef.GIC_START, vmdef.GIC_END, "the emulated GIC")]
            if vm.ram:
                spans.append((vmdef.GUEST_RAM_IPA, vmdef.GUEST_RAM_IPA + vm.ram, "the RAM"))
            taken[index] = [(start, end, f"{what} of {label} ({fmt_range(start, end)})")
                            for start, end, what in spans]
            if vm.vmm is not None:
                window = (vmdef.VMM_WINDOW, 1 << spec.VADDR_BITS)
                taken.setdefault(vm.vmm, []).append(
                    (*window, f"the addresses of {self.labels[vm.vmm]} kept for {label} "
                              f"({fmt_range(*window)})"))
        return taken

    def dt_label(self, place, guest, label, default, what):
        """The device-tree label in VM GUEST of the map or channel at PLACE: LABEL if
        given (checked), else DEFAULT (WHAT it is); noted for resolve_dt_labels."""
        if label is not None and not LABEL_RE.fullmatch(label):
            self.error(place, "label", f"{quote(label)} is not a valid label: up to 63 "
                                       "letters, digits, '_', '-', '.', ',' or '+', first a "
                                       "letter or digit")
            return None
        note = "" if label is not None else f" (the default: {what})"
        label = default if label is None else label
        if label is not None:
            line = self.locate.line(place.section, place.index, "label")
            self.dt_labels.append((line, len(self.dt_labels), guest, label, note, place))
        return label

    def resolve_dt_labels(self):
        """Each label once per VM, across its maps and channels."""
        seen = {}
        for _, _, guest, label, note, place in sorted(self.dt_labels, key=lambda x: x[:2]):
            if (guest, label) in seen:
                self.error(place, "label", f"{quote(label)}{note} is already the label of "
                                           f"{seen[guest, label].label} in "
                                           f"{self.labels[guest]}")
            else:
                seen[guest, label] = place

    # -- what a VM becomes ---------------------------------------------------------------

    def device_tree(self, vm, threads, regions, maps, channels):
        """The DTS of VM: its RAM, bootargs, initrd, channels and maps."""
        chans = []
        for ch in channels:
            for (me, my_id), (peer, _) in ((ch.a, ch.b), (ch.b, ch.a)):
                if me == vm.component:
                    name = threads[peer].name
                    chans.append(vmdef.DtChannel(my_id, ch.kind, ch.label or name, name))
        spans = [vmdef.DtRegion(m.vaddr, regions[m.region].size, m.label,
                                bool(m.rights & spec.RIGHT_W))
                 for m in maps if m.component == vm.component]
        return vmdef.device_tree(vm.name, vm.ram, vm.vcpus, vm.bootargs, "initrd" in vm.paths,
                                 chans, spans, self.board.gicv is not None)

    def vmm_patches(self, place, vm, vmm, patched):
        """The patches of the VMM's variables (vm.py VMM_SYMBOLS) for VM."""
        program = vmm.binary
        if program is not None and program.symbols is not None and \
                not any(program.lookup(symbol) for symbol in vmdef.VMM_SYMBOLS):
            self.error(place, "vmm", f"program {quote(vmm.program)} of {self.labels[vmm.index]} "
                                     f"has none of a VMM's variables "
                                     f"({', '.join(vmdef.VMM_SYMBOLS)}): is it a VMM?")
            return []
        out = [self.setvar(place, symbol, vmm, value, patched, "vmm")
               for symbol, value in vmdef.vmm_values(vm).items()]
        return [p for p in out if p]

    def vm_objects(self, guests, threads, regions, maps, channels, patched):
        """What the checked VMs become (VmObjects); their device trees compiled if the
        manifest has no problem so far (the totals then leave them out)."""
        made = VmObjects()
        index = len(regions)

        def region(vm, name, size, page_bits, file=None):
            nonlocal index
            made.regions.append(Region(index, name, size, page_bits, file=file, vm=vm))
            index += 1
            return index - 1

        gicv = None
        if self.board.gicv is not None and guests:  # a GICv2's virtual CPU interface
            start, end = self.board.gicv
            made.regions.append(Region(index, GICV_REGION, end - start, 12, start, False, True))
            gicv, index = index, index + 1
        for guest in guests.values():
            vm, place = guest.vm, self.places["vm"][guest.vm.index]
            if vm.name is None or vm.ram is None or vm.vmm not in threads or \
                    "kernel" not in vm.files:
                continue
            if "dtb" not in vm.paths and not self.problems:  # else dtc may refuse it
                vm.dts = self.device_tree(vm, threads, regions, maps, channels)
                vm.files["dtb"] = vmdef.compile_dts(vm.dts)
            ram = region(vm.name, f"{vm.name}.ram", vm.ram, 21)
            made.maps += [Map(None, vm.component, ram, vmdef.GUEST_RAM_IPA,
                              spec.RIGHT_R | spec.RIGHT_W | spec.RIGHT_X, source=place.label),
                          Map(None, vm.vmm, ram, vmdef.VMM_RAM, spec.RIGHT_R | spec.RIGHT_W,
                              source=place.label)]
            for key in vmdef.FILE_KEYS:
                if key in vm.files:
                    name = f"{vm.name}.{key}"
                    made.archived += len(vm.files[key])
                    # 4K frames, or 2M ones from 2M up (a Linux Image): fewer frames
                    bits = 21 if len(vm.files[key]) >= vmdef.RAM_ALIGN else 12
                    size = -(-len(vm.files[key]) >> bits) << bits
                    made.maps.append(Map(None, vm.vmm, region(vm.name, name, size, bits, name),
                                         vmdef.VMM_FILES[key], spec.RIGHT_R,
                                         source=place.label))
            if gicv is not None:  # the GICv2 CPU interface the guest sees: GICV
                made.maps.append(Map(None, vm.component, gicv, vmdef.GICC,
                                     spec.RIGHT_R | spec.RIGHT_W, source=place.label))
            made.patches += self.vmm_patches(place, vm, threads[vm.vmm], patched)
        return made
