# SPDX-License-Identifier: BSD-2-Clause
# The Linux guest (examples/linux): Debian's Linux 6.1 on two vCPUs boots beside the UART
# driver and a native component, with its console on the console hypercalls (earlycon,
# then hvc0). Through that console the test checks that a shell runs (it computes a line
# no echo could show), that the prompt comes up, uname -a, that both vCPUs are online,
# and a call to the native greeter through the channel device (/dev/tessera/greeter, by
# tessera-call: the greeter prints the call, Linux its answer), and notifications both
# ways on /dev/tessera/ticker (a write starts the native periodic task; three blocking
# reads each return its signals since the last, INTID 31 and TSR_HVC_POLL underneath);
# a shell in its own PID and mount namespaces (busybox unshare, as a container would
# start) that is PID 1 and sees only its own few processes in its /proc; then
# `poweroff -f`: PSCI SYSTEM_OFF, which the VMM reports while the rest carries on.
# (No semicolons in typed lines: CMake would split the argument there; newlines do.)
# Each line is typed when the previous answer is seen (busybox may put a terminal query,
# ESC [6n, between the prompt and the echo of a line typed ahead). A Linux panic, oops, BUG or
# WARNING, or the VMM stopping the guest, fails the test at once. (No unbalanced square
# brackets in these patterns: CMake would not split the list inside them.)
qemu_test(linux_shell system_linux --timeout 240
  --fail "Kernel panic|Internal error:|BUG: |WARNING: CPU|Unable to handle"
  --fail "vmm: linux stopped"
  --expect "vmm: linux started \\(128 MiB of RAM\\)"
  --expect "^\\[ *0\\.0+\\] Booting Linux on physical CPU 0x0000000000 \\[0x410fd034\\]"
  --expect "^\\[ *0\\.0+\\] Linux version 6\\.1\\.[0-9]+"
  --expect "printk: console \\[hvc0\\] enabled"
  --expect "smp: Brought up 1 node, 2 CPUs"
  --expect "Freeing unused kernel memory"
  --expect "^init: Linux 6\\.1\\.[0-9]+ on 2 CPUs, a shell on console$"
  --send "^init: Linux" "echo shell-$((6*7))\\n"
  --expect "^shell-42$"
  --send "^shell-42$" "uname -a\\n"
  --expect "^tessera:/root# .*uname -a$"
  --expect "^Linux tessera 6\\.1\\.[0-9]+ #[0-9]+ SMP .* aarch64 GNU/Linux$"
  --send "^Linux tessera" "echo cpus=$(grep -c ^processor /proc/cpuinfo) online=$(cat /sys/devices/system/cpu/online)\\n"
  --expect "^cpus=2 online=0-1$"
  --send "^cpus=" "tessera-call greeter 1 linux\\n"
  --expect "^greeter: VM \"linux\" called, answering \"hello, linux\"$"
  --expect "^reply: label 1, 2 words: \"hello, linux\"$"
  --send "^reply: " "echo > /dev/tessera/ticker\\nfor i in 1 2 3\\ndo echo ticks=$(dd if=/dev/tessera/ticker bs=8 count=1 2>/dev/null | od -An -tu8 | tr -d ' ')\\ndone\\necho ticked\\n"
  --expect "^ticker: started by Linux, signalling it every 100 ms$"
  --expect "^ticks=[1-9][0-9]*$"
  --expect "^ticks=[1-9][0-9]*$"
  --expect "^ticks=[1-9][0-9]*$"
  --send "^ticked$" "unshare -p -m -f --mount-proc sh -c 'echo ns-pid=$$ procs=$(ls -d /proc/[0-9]* | wc -l)'\\n"
  --expect "^ns-pid=1 procs=[1-9]$"
  --send "^ns-pid=" "poweroff -f\\n"
  --until "vmm: linux powered off")
set_tests_properties(qemu.linux_shell PROPERTIES TIMEOUT 300)

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
