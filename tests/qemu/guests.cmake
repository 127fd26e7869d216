# SPDX-License-Identifier: BSD-2-Clause
# The VM tests on every board that runs VMs (bare-metal guests and Linux's shell):
# included by tests/qemu (QEMU virt, as
# qemu.NAME) and by tests/board (the ZCU102, as zcu102.NAME); what differs between boards
# (QEMU's devices, the GIC's lines) is in boards/<board>.cmake: BOARD_VM_ARGS,
# BOARD_VM_EXPECT, and BOARD_VM_GUEST_EXPECT, lines each proving guest prints (@g@ is its
# number).
#
# The proving guest end to end (tests/systems/vm): three VMs with their VMMs, the UART
# driver and a native monitor; on QEMU virt also two block drivers and a network driver
# (the ZCU102 has no virtio-mmio devices: tests/systems/vm/zcu102.toml). Guest 1 boots as
# an ELF, guest 2 as a raw arm64 Image; each resets once by PSCI, checks every SMCCC and
# PSCI call (one over SMC), an unknown function ID and a channel id it does not have (-1),
# POLL with nothing signalled (0), the vGIC (six SGIs for four list registers: two wait
# for the maintenance interrupt) and its virtual timer, the console (a 41-byte write
# refused, nothing to read), a channel call and (QEMU virt) block I/O on its own disk,
# then powers off. Guest 1 also has (QEMU virt) the network card on QEMU's user-mode
# network (its gateway, 10.0.2.2, answers): an ARP request and an ICMP echo through the
# driver, a second vCPU: PSCI CPU_ON, ALREADY_ON, INVALID_PARAMETERS, AFFINITY_INFO, SGIs
# both ways through trapped ICC_SGI1R_EL1 writes (GICv2: GICD_SGIR), and CPU_OFF; and the
# console's input (its VMM is the UART's client 0, which has the focus): at its prompt
# --send types a line of 45 bytes (the UART driver passes bytes on as they come, no echo),
# which it reads after INTID 32, 24 bytes at most a call. Guest 2 has a 3 MiB initrd (made
# from tests/systems/vm/initrd.txt): the VMM's loader puts it below the device tree and
# fills in /chosen, and the guest checks its place and its bytes. It makes the image
# larger than the 2 MiB the kernel itself may take (the first program follows it). Guest 3
# stores to an unmapped IPA: its VMM stops it and says why, the rest carry on. The
# monitor's closing line counts its own checks (each guest's report, power-off, reset, the
# crash) and ends the run. The VMs run side by side, so their lines are expected in any
# order (--expect-any); the closing line comes last.
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
    --expect-any "guest ${g}: ok:   virtual timer: 3 interrupts 2 ms apart, each taken from WFI"
    --expect-any "guest ${g}: ok:   vGIC: six SGIs for four list registers, all taken, two after waiting for room"
    --expect-any "guest ${g}: ok:   channel call on \"echo\": label 1, five words, each back \\+ 1"
    --expect-any "guest ${g}: ok:   isolation: a variable at the same IPA as the other guests' kept its value"
    --expect-any "guest ${g}: [0-9]+ passed, 0 failed"
    --expect-any "vmm: guest${g} powered off"
    --expect-any "monitor: guest ${g}: reported its checks: none failed: ok"
    --expect-any "monitor: guest ${g}: powered off after its report: ok"
    --expect-any "monitor: guest ${g}: reset once by PSCI, then booted again: ok")
  foreach(line ${BOARD_VM_GUEST_EXPECT})
    string(REPLACE "@g@" ${g} line "${line}")
    list(APPEND vm_expect --expect-any "${line}")
  endforeach()
endforeach()
qemu_test(vm_guests system_vm ${BOARD_VM_ARGS}
  ${vm_expect} ${BOARD_VM_EXPECT}
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON at an entry outside RAM: INVALID_ADDRESS"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON\\(1\\) starts vCPU 1"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON\\(1\\) while it runs: ALREADY_ON"
  --expect-any "guest 1: ok:   smp: PSCI CPU_ON of a vCPU beyond the count: INVALID_PARAMETERS"
  --expect-any "guest 1: ok:   smp: PSCI AFFINITY_INFO\\(1\\) while it runs: on"
  --expect-any "guest 1: ok:   smp: vCPU 1 runs from CPU_ON's entry with its context in x0"
  --expect-any "guest 1: ok:   smp: vCPU 1 has MPIDR affinity 0 = 1"
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

# A virtual machine beside native components (examples/vm): the hello guest greets, calls
# the native greeter (whose lines come through the kernel's log, so in any order), says
# when its virtual timer first ticks, answers a line typed then, and powers off when "off"
# is typed. The UART driver and the greeter carry on, as they would for a user: the run
# ends at the VMM's last line.
qemu_test(system_vm_example system_vm-example
  --send "^hello: up 1 s$" "Tessera, hello\\n"
  --send "^hello: \"Tessera, hello\" in capitals" "off\\n"
  --expect-any "root: started 3 components. their VMMs start the 1 vCPUs$"
  --expect "^uart: ready$"
  --expect-any "^greeter: ready$"
  --expect "^vmm: guest started \\(4 MiB of RAM\\)$"
  --expect "^hello: Hello from a virtual machine! I am VM \"guest\", at EL1 on Tessera$"
  --expect-any "^greeter: VM \"guest\" called, answering \"hello, guest\"$"
  --expect "^hello: the greeter answered \"hello, guest\"$"
  --expect "^hello: type a line and I answer it in capitals \\(\"off\" powers me off\\)$"
  --expect "^hello: up 1 s$"
  --expect "^hello: \"Tessera, hello\" in capitals: \"TESSERA, HELLO\" \\([1-9][0-9]* s after boot\\)$"
  --expect "^hello: powering off$"
  --until "^vmm: guest powered off$")

# The Linux guest (examples/linux; zcu102.toml on the ZCU102, which lacks its virtio
# devices): Debian's Linux 6.1 on two vCPUs boots beside the UART driver and a native
# component, with its console on
# the console hypercalls (earlycon, then hvc0). Through that console the test checks that
# a shell runs (it computes a line no echo could show), that the prompt comes up, uname
# -a, that both vCPUs are online, and a call to the native greeter through the channel
# device (/dev/tessera/greeter, by tessera-call: the greeter prints the call, Linux its
# answer), and notifications both ways on /dev/tessera/ticker (a write starts the native
# periodic task; three blocking reads each return its signals since the last, INTID 31 and
# TSR_HVC_POLL underneath); a shell in its own PID and mount namespaces (busybox unshare,
# as a container would start) that is PID 1 and sees only its own few processes in its
# /proc; then `poweroff -f`: PSCI SYSTEM_OFF, which the VMM reports while the rest carries
# on. (No semicolons in typed lines: CMake would split the argument there; newlines do.)
# Each line is typed when the previous answer is seen (busybox may put a terminal query,
# ESC [6n, between the prompt and the echo of a line typed ahead). A Linux panic, oops,
# BUG or WARNING, or the VMM stopping the guest, fails the test at once. (No unbalanced
# square brackets in these patterns: CMake would not split the list inside them.)
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
set_tests_properties(${QEMU_TEST_PREFIX}.linux_shell PROPERTIES TIMEOUT 300)
