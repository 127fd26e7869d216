# SPDX-License-Identifier: BSD-2-Clause
# The Linux guest on QEMU virt. Its shell test, which runs on every board, is in
# guests.cmake (linux_shell).

# Linux on two real CPUs, both busy at once (four CPUs: its vCPUs on CPUs 0 and 1, cpus =
# [0, 1]). Two processes pinned one to each vCPU spin with a tag in x19, the second
# started a second after the first, when the shell waits for input. A second after it
# says so (its console write is a hypercall to the VMM on CPU 0: the answer may wait
# for a turn of QEMU's round robin, up to 100 ms), QEMU's monitor, on the console
# (--monitor), dumps every CPU's registers in one instant, three times a second apart;
# in one of them (a vCPU may be in Linux's timer tick at that instant) CPU 0 holds the
# tag of vCPU 0's spinner and CPU 1 that of vCPU 1's. (The several-line expect sees one
# dump: no CPU# line between its parts.)
set(dump "\\x01cinfo registers -a\\n\\x01c")
set(not_header "(?:(?!CPU#).*\\n)*")
add_test(NAME qemu.smp4.linux_both_busy COMMAND ${QEMU_RUN} --smp 4 --monitor --timeout 240
  --send-delay 1
  --fail "Kernel panic|Internal error:|BUG: |WARNING: CPU|Unable to handle"
  --fail "vmm: linux stopped"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs"
  --send "^init: Linux" "taskset 1 tessera-bench spin 0 &\\n"
  --expect "spin 0$"
  --send "spin 0$" "sleep 1 && taskset 2 tessera-bench spin 1 &\\n"
  --expect "spin 1$"
  --send "spin 1$" "${dump}" --send "^CPU#3$" "${dump}" --send "^CPU#3$" "${dump}"
  --expect "(?m)^CPU#0\\n${not_header}.*X19=7370696e00000000.*\\n${not_header}CPU#1\\n${not_header}.*X19=7370696e00000001"
  --send "^CPU#3$" "poweroff -f\\n"
  --until "vmm: linux powered off"
  $<TARGET_FILE:system_linux>)
set_tests_properties(qemu.smp4.linux_both_busy PROPERTIES LABELS "qemu;smp4" TIMEOUT 300)

# A Linux crash is contained: `echo c > /proc/sysrq-trigger` oopses Linux, which panics
# and, with panic=1, reboots through PSCI SYSTEM_RESET. The VMM starts the VM again from
# its files, while the native components run on: the ticker, started before the crash,
# keeps signalling through the reboot, and the signals wait until the new Linux enables
# INTID 31 (no "Unexpected interrupt" warning at boot). Linux comes back to a shell that
# answers and reads the ticker's signals. The VMM stopping the guest, a warning, or a
# second panic fails the test.
qemu_test(linux_crash_restart system_linux --timeout 240
  --fail "vmm: linux stopped"
  --fail "WARNING: CPU|Unexpected interrupt"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs"
  --send "^init: Linux" "echo > /dev/tessera/ticker\\necho c > /proc/sysrq-trigger\\n"
  --expect "^ticker: started by Linux"
  --expect "sysrq: Trigger a crash"
  --expect "Kernel panic - not syncing: sysrq triggered crash"
  --expect "Rebooting in 1 seconds"
  --expect "^vmm: linux resets$"
  --expect "Booting Linux on physical CPU 0x0000000000"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs"
  --send "^init: Linux" "echo back-$((40+2)) ticks=$(dd if=/dev/tessera/ticker bs=8 count=1 2>/dev/null | od -An -tu8 | tr -d ' ')\\n"
  --expect "^back-42 ticks=[1-9][0-9]*$"
  --send "^back-42" "poweroff -f\\n"
  --until "vmm: linux powered off")
set_tests_properties(qemu.linux_crash_restart PROPERTIES TIMEOUT 300)

# The devices (tessera_blk.c and tessera_net.c on the native virtio-blk and virtio-net
# drivers), as `./tessera run` gives them, but with a disk of the test's own. Init gives
# the blank disk an ext2 file system, mounts it and brings eth0 up on QEMU's user
# network. A ping to its gateway (10.0.2.2) is answered. A file written on the disk
# survives a reboot of the VM (reboot -f: PSCI SYSTEM_RESET; QEMU and the native
# drivers run on) and reads back. The disk is a blank file opened with snapshot=on:
# writes go to a temporary overlay that lasts as long as QEMU, and the file never
# changes.
set(linux_disk ${CMAKE_BINARY_DIR}/systems/linux/test-disk-64M.img)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/systems/linux)
if(NOT EXISTS ${linux_disk})
  execute_process(COMMAND truncate -s 64M ${linux_disk} COMMAND_ERROR_IS_FATAL ANY)
endif()
qemu_test(linux_devices system_linux --timeout 240
  --qemu-arg=-global --qemu-arg=virtio-mmio.force-legacy=false
  --qemu-arg=-drive --qemu-arg=file=${linux_disk},format=raw,if=none,id=disk0,snapshot=on
  --qemu-arg=-device --qemu-arg=virtio-blk-device,drive=disk0
  --qemu-arg=-netdev --qemu-arg=user,id=net0
  --qemu-arg=-device --qemu-arg=virtio-net-device,netdev=net0
  --fail "Kernel panic|Internal error:|BUG: |WARNING: CPU|Unable to handle"
  --fail "vmm: linux stopped|tessera-blk: not set up"
  --expect "^virtio-blk: device at 0xa003e00, 131072 sectors"
  --expect "tessera-blk: tsrblk0, 131072 sectors, write cache$"
  --expect "eth0: Tessera network device, MAC 52:54:00:12:34:56$"
  --expect "^init: /dev/tsrblk0 is blank: making an ext2 file system on it$"
  --expect "^init: /dev/tsrblk0 mounted on /mnt$"
  --expect "^init: eth0 up, 10\\.0\\.2\\.15/24, gateway 10\\.0\\.2\\.2$"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs"
  --send "^init: Linux" "ping -c 2 10.0.2.2\\n"
  --expect "^2 packets transmitted, 2 packets received, 0% packet loss$"
  --send "^2 packets transmitted" "echo kept-$((6*7)) > /mnt/file && sync && echo written\\n"
  --expect "^written$"
  --send "^written$" "reboot -f\\n"
  --expect "^vmm: linux resets$"
  --expect "^init: /dev/tsrblk0 mounted on /mnt$"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs"
  --send "^init: Linux" "cat /mnt/file\\n"
  --expect "^kept-42$"
  --send "^kept-42$" "poweroff -f\\n"
  --until "vmm: linux powered off")
set_tests_properties(qemu.linux_devices PROPERTIES TIMEOUT 300)
