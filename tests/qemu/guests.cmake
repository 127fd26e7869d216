# SPDX-License-Identifier: BSD-2-Clause
# The proving guest end to end (tests/systems/vm): three VMs with their VMMs, two block
# drivers, a network driver, the UART driver and a native monitor. Guest 1 boots as an
# ELF, guest 2 as a raw arm64 Image; each resets once by PSCI, checks every SMCCC and
# PSCI call (one over SMC), an unknown function ID and a channel id it does not have
# (-1), POLL with nothing signalled (0), the vGIC and its virtual timer, the console (a
# 41-byte write refused, nothing to read), a channel call and block I/O on its own
# disk, then powers off. Guest 1 also has the network card on QEMU's user-mode network
# (its gateway, 10.0.2.2, answers): an ARP request and an ICMP echo through the driver,
# a second vCPU: PSCI CPU_ON, ALREADY_ON, INVALID_PARAMETERS, AFFINITY_INFO, SGIs both
# ways through trapped ICC_SGI1R_EL1 writes, and CPU_OFF; and the console's input (its
# VMM is the UART's client 0, which has the focus): at its prompt --send types a line of
# 45 bytes (the UART driver passes bytes on as they come, no echo), which it reads
# after INTID 32, 24 bytes at most a call. Guest 2 has a 3 MiB initrd (made from
# tests/systems/vm/initrd.txt): the VMM's loader puts it below the device tree and
# fills in /chosen, and the guest checks its place and its bytes. It makes the image
# larger than the 2 MiB the kernel itself may take (the first program follows it).
# Guest 3 stores to an unmapped IPA: its VMM stops it and says why, the rest carry on.
# The monitor's closing line counts its own checks (each guest's report, power-off,
# reset, the crash) and ends the run. The VMs run side by side, so their lines are
# expected in any order (--expect-any); the closing line comes last. The two disks are
# one empty file, opened with snapshot=on so that writes go to a temporary overlay and
# the file never changes. QEMU fills virtio-mmio slots from the top in -device order:
# the disks get slots 31 and 30 (INTIDs 79, 78), the network card slot 29 (INTID 77).
set(vm_disk ${CMAKE_BINARY_DIR}/systems/vm/disk-4M.img) # the guests use sectors 2049..2050
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/systems/vm)
if(NOT EXISTS ${vm_disk})
  execute_process(COMMAND truncate -s 4M ${vm_disk} COMMAND_ERROR_IS_FATAL ANY)
endif()
set(vm_qemu_args)
foreach(disk 1 2) # the first -device gets virtio-mmio slot 31, the second slot 30
  list(APPEND vm_qemu_args
    --qemu-arg=-drive --qemu-arg=file=${vm_disk},format=raw,if=none,id=disk${disk},snapshot=on
    --qemu-arg=-device --qemu-arg=virtio-blk-device,drive=disk${disk})
endforeach()
list(APPEND vm_qemu_args # the third -device: slot 29
  --qemu-arg=-netdev --qemu-arg=user,id=net0
  --qemu-arg=-device --qemu-arg=virtio-net-device,netdev=net0)
set(vm_input_line "the quick brown fox jumps over the lazy guest") # main.c's INPUT_LINE
set(vm_expect)
foreach(g 1 2)
  list(APPEND vm_expect
    --expect-any "vmm: guest${g} started \\([48] MiB of RAM\\)"
    --expect-any "guest ${g}: boot 1: PSCI SYSTEM_RESET"
    --expect-any "vmm: guest${g} resets"
    --expect-any "guest ${g}: ok:   PSCI SYSTEM_RESET: booted a second time, afresh"
    --expect-any "guest ${g}: ok:   SMCCC hypervisor UID: Tessera"
    --expect-any "guest ${g}: ok:   device tree: the console node, input on INTID 32"
    --expect-any "guest ${g}: ok:   SMCCC_ARCH_FEATURES\\(SMCCC_ARCH_WORKAROUND_1\\): not needed \\(-1\\)"
    --expect-any "guest ${g}: ok:   SMCCC hypervisor call count: 4"
    --expect-any "guest ${g}: ok:   SMCCC hypervisor revision: 1.0"
    --expect-any "guest ${g}: ok:   PSCI_MIGRATE_INFO_TYPE: 2 \\(no trusted OS\\)"
    --expect-any "guest ${g}: ok:   an unknown function ID: NOT_SUPPORTED \\(-1\\)"
    --expect-any "guest ${g}: ok:   smc #0: PSCI_VERSION answered as over hvc"
    --expect-any "guest ${g}: ok:   TSR_HVC_CHANNEL of a channel it does not have: the VMM answers -1"
    --expect-any "guest ${g}: ok:   TSR_HVC_POLL: 0 when nothing was signalled since the last poll"
    --expect-any "guest ${g}: ok:   console: TSR_HVC_CONSOLE_WRITE of 41 bytes: -TSR_EINVAL"
    --expect-any "guest ${g}: ok:   console: TSR_HVC_CONSOLE_READ before any input: 0"
    --expect-any "guest ${g}: ok:   vGIC: distributor on, redistributor awake, PPIs 27 and 31 enabled"
    --expect-any "guest ${g}: ok:   virtual timer: 3 interrupts 2 ms apart, each taken from WFI"
    --expect-any "guest ${g}: ok:   channel call on \"echo\": label 1, five words, each back \\+ 1"
    --expect-any "guest ${g}: ok:   blk: a sector written through the rings reads back the same"
    --expect-any "guest ${g}: ok:   isolation: a variable at the same IPA as the other guests' kept its value"
    --expect-any "guest ${g}: [0-9]+ passed, 0 failed"
    --expect-any "vmm: guest${g} powered off"
    --expect-any "monitor: guest ${g}: reported its checks: none failed: ok"
    --expect-any "monitor: guest ${g}: powered off after its report: ok"
    --expect-any "monitor: guest ${g}: reset once by PSCI, then booted again: ok")
endforeach()
qemu_test(vm_guests system_vm
  --qemu-arg=-global --qemu-arg=virtio-mmio.force-legacy=false ${vm_qemu_args}
  ${vm_expect}
  --expect-any "virtio-net: device at 0xa003a00, MAC 52:54:00:12:34:56"
  --expect-any "guest 1: ok:   device tree: regions net-ring, net-data, channels net-doorbell, net-control"
  --expect-any "guest 1: ok:   net: NET_CALL_INFO \\(a MAC address\\), NET_CALL_RESET"
  --expect-any "guest 1: ok:   net: ARP request for 10.0.2.2: a reply from 10.0.2.2 to our MAC"
  --expect-any "guest 1: ok:   net: ICMP echo to 10.0.2.2 answered, payload intact"
  --expect-any "guest 1: ok:   smp: device tree: a redistributor frame for each vCPU"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON at an entry outside RAM: INVALID_ADDRESS"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON\\(1\\) starts vCPU 1"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON\\(1\\) while it runs: ALREADY_ON"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON of a vCPU beyond the count: INVALID_PARAMETERS"
  --expect-any "guest 1: ok:   smp: PSCI AFFINITY_INFO\\(1\\) while it runs: on"
  --expect-any "guest 1: ok:   smp: vCPU 1 runs from CPU_ON's entry with its context in x0"
  --expect-any "guest 1: ok:   smp: vCPU 1 has MPIDR affinity 0 = 1 and woke its own redistributor"
  --expect-any "guest 1: ok:   smp: SGI 0 from vCPU 1 taken by vCPU 0 in WFI"
  --expect-any "guest 1: ok:   smp: SGI 1 from vCPU 0 taken by vCPU 1 in WFI"
  --expect-any "guest 1: ok:   smp: vCPU 1 PSCI CPU_OFF, then AFFINITY_INFO\\(1\\): off"
  --send "guest 1: console: type a line" "${vm_input_line}\\n"
  --expect-any "guest 1: ok:   console: input raises INTID 32, taken from WFI"
  --expect-any "guest 1: ok:   console: TSR_HVC_CONSOLE_READ, 24 bytes at most a call: the line as typed"
  --expect-any "guest 2: ok:   initrd: linux,initrd-start and -end in /chosen: page-aligned, in RAM, below the device tree"
  --expect-any "guest 2: ok:   initrd: the file's bytes, from \"TESSERA-INITRD\" to its last line"
  --expect-any "guest 3: proving guest, device tree at 0x[0-9a-f]+, bootargs \"instance=3 mode=crash\""
  --expect-any "vmm: guest3 stopped: an access outside its RAM and devices \\(.*\\) at 0x10000000, pc 0x[0-9a-f]+"
  --expect-any "monitor: guest 3: stopped by its VMM after a stage-2 data abort: ok"
  --expect "^[0-9]+ passed, 0 failed$")
