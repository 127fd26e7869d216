# SPDX-License-Identifier: BSD-2-Clause
# QEMU virt: what the kernel's tests (kernel.cmake) and the VM tests (guests.cmake) expect
# of this board.
set(BOARD_GIC GICv3)                                # the interrupt controller's boot line
set(BOARD_RAM_512M "memory: 0x40000000-0x60000000") # RAM with -m 512M
set(BOARD_MACHINE_EL1 "virt,gic-version=3")         # the machine without EL2
set(BOARD_KERNEL_TEXT 0x00000000402)                # the kernel's code (ELR in a panic)
set(BOARD_UART_IRQ 33)                              # the PL011's interrupt

# The VM tests (guests.cmake): the proving guests' two disks are one empty file, opened
# with snapshot=on so that writes go to a temporary overlay and the file never changes;
# QEMU fills virtio-mmio slots from the top in -device order: the disks get slots 31 and
# 30 (INTIDs 79, 78), the network card slot 29 (INTID 77).
set(vm_disk ${CMAKE_BINARY_DIR}/systems/vm/disk-4M.img) # the guests use sectors 2049..2050
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/systems/vm)
if(NOT EXISTS ${vm_disk})
  execute_process(COMMAND truncate -s 4M ${vm_disk} COMMAND_ERROR_IS_FATAL ANY)
endif()
set(BOARD_VM_ARGS --qemu-arg=-global --qemu-arg=virtio-mmio.force-legacy=false)
foreach(disk 1 2) # the first -device gets virtio-mmio slot 31, the second slot 30
  list(APPEND BOARD_VM_ARGS
    --qemu-arg=-drive --qemu-arg=file=${vm_disk},format=raw,if=none,id=disk${disk},snapshot=on
    --qemu-arg=-device --qemu-arg=virtio-blk-device,drive=disk${disk})
endforeach()
list(APPEND BOARD_VM_ARGS # the third -device: slot 29
  --qemu-arg=-netdev --qemu-arg=user,id=net0
  --qemu-arg=-device --qemu-arg=virtio-net-device,netdev=net0)
set(BOARD_VM_GUEST_EXPECT
  "guest @g@: ok:   vGIC: distributor on, redistributor awake, PPIs 27 and 31 enabled"
  "guest @g@: ok:   blk: a sector written through the rings reads back the same")
set(BOARD_VM_EXPECT
  --expect-any "virtio-net: device at 0xa003a00, MAC 52:54:00:12:34:56"
  --expect-any "guest 1: ok:   device tree: regions net-ring, net-data, channels net-doorbell, net-control"
  --expect-any "guest 1: ok:   net: NET_CALL_INFO \\(a MAC address\\), NET_CALL_RESET"
  --expect-any "guest 1: ok:   net: ARP request for 10.0.2.2: a reply from 10.0.2.2 to our MAC"
  --expect-any "guest 1: ok:   net: ICMP echo to 10.0.2.2 answered, payload intact"
  --expect-any "guest 1: ok:   smp: device tree: a redistributor frame for each vCPU"
  --expect-any "guest 1: ok:   smp: vCPU 1 has MPIDR affinity 0 = 1 and woke its own redistributor")
