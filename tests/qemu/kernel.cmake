# SPDX-License-Identifier: BSD-2-Clause
# The kernel's QEMU tests, the same on every board: included by tests/qemu (QEMU virt,
# as qemu.NAME) and by tests/board (every other board, as <board>.NAME). The includer
# defines qemu_test(NAME IMAGE runner-arguments...), QEMU_RUN and QEMU_TEST_PREFIX; what
# differs between boards is in boards/<board>.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/boards/${TESSERA_PLATFORM}.cmake)

# The default system: boots, checks its hardware, runs hello at EL0.
qemu_test(boot_hello tessera
  --expect "Tessera: booting at EL2 on ${TESSERA_PLATFORM}"
  --expect "memory: 1024 MiB of RAM"
  --expect "mmu: EL2 stage 1 on"
  --expect "${BOARD_GIC}: [0-9]+ interrupt lines"
  --expect "timer: EL2 one-shot interrupt after [0-9]+ us"
  --expect "starting 'hello' at EL0"
  --expect "^Hello from EL0: the first Tessera program"
  --expect "thread 'hello' stopped: exited with status 0"
  --until "no runnable threads, idle")

# Memory size comes from the device tree, not from a constant.
qemu_test(memory_from_dtb tessera --qemu-arg=-m --qemu-arg=512M
  --expect "${BOARD_RAM_512M}" --expect "memory: 512 MiB of RAM"
  --until "no runnable threads, idle")

# Entered at EL1 (no virtualization): a clear refusal, nothing else.
qemu_test(refuses_el1 tessera --machine ${BOARD_MACHINE_EL1}
  --until "entered at EL1, but the kernel must be entered at EL2")

# An unexpected exception at EL2: decoded class, syndrome, addresses, all registers.
tessera_image(kernel_panic PROGRAM hello HOOK ${CMAKE_CURRENT_LIST_DIR}/kernel/panic_hook.c)
qemu_test(kernel_panic kernel_panic --expect-panic
  --expect "KERNEL PANIC: unexpected exception at EL2: data abort taken without a change of EL: translation fault, level 1, on a read"
  --expect "ESR_EL2  0x0000000097d68005  \\(EC 0x25, IL 1, ISS 0x1d68005\\)"
  --expect "FAR_EL2  0x0000007f00000000"
  --expect "ELR_EL2  ${BOARD_KERNEL_TEXT}"
  --expect "x19 0x0000000000001919$"
  --expect "x20 0x0000000000002020  x21 0x0000007f00000000"
  --expect "x28 0x[0-9a-f]{16}  x29 0x[0-9a-f]{16}  x30 0x[0-9a-f]{16}"
  --expect "end of panic")

# The runner itself fails an ordinary test whose kernel panics, as soon as the dump ends.
add_test(NAME ${QEMU_TEST_PREFIX}.panic_fails_a_test COMMAND ${QEMU_RUN}
  --expect "end of panic" $<TARGET_FILE:kernel_panic>)
set_tests_properties(${QEMU_TEST_PREFIX}.panic_fails_a_test PROPERTIES LABELS qemu TIMEOUT 120
  PASS_REGULAR_EXPRESSION "qemu_run: FAIL \\(kernel panic\\)")

# Bad system calls return their error codes and the caller carries on.
tessera_program(syscall_errors ${CMAKE_CURRENT_LIST_DIR}/progs/syscall_errors.c)
target_compile_definitions(syscall_errors PRIVATE BOARD_UART_IRQ=${BOARD_UART_IRQ})
tessera_image(syscall_errors_image PROGRAM syscall_errors)
qemu_test(syscall_errors syscall_errors_image
  --expect "^cross page$" --expect "syscall_errors: still running"
  --expect "^esc\\?.2J cr\\? nul\\? tab\t\\.$"
  --expect "^25 passed, 0 failed$")

# A faulting program is reported, decoded, and stopped; the kernel carries on.
function(fault_test kind define expect)
  tessera_program(fault_${kind} ${CMAKE_CURRENT_LIST_DIR}/progs/fault.c)
  target_compile_definitions(fault_${kind} PRIVATE ${define} FAULT_KIND="${kind}")
  tessera_image(fault_${kind}_image PROGRAM fault_${kind})
  qemu_test(fault_${kind} fault_${kind}_image
    --expect "fault: about to fault"
    --expect "thread 'fault_${kind}' stopped: ${expect}"
    --expect "pc 0x0000000000400|pc 0x400"
    --until "no runnable threads, idle")
endfunction()
fault_test(read FAULT_READ
  "data abort from a lower EL: translation fault, level 2, on a read at 0x10$")
fault_test(write_rodata FAULT_WRITE_RODATA
  "data abort from a lower EL: permission fault, level 3, on a write at 0x40")
fault_test(undefined FAULT_UNDEFINED "unknown reason \\(undefined instruction\\)$")
# (Floating point is a thread's own now, given lazily: qemu.fp checks it, and the fault of
# a thread configured without it.)

# IPC: every operation and form, errors, faults, interrupts; and a stress test. Each
# runs on a kernel with the fast path and on one without.
include(${CMAKE_CURRENT_LIST_DIR}/ipc.cmake)

# Native systems composed from manifests: the examples without devices.
qemu_test(system_hello system_hello
  --expect "root: building system 'hello': 1 components"
  --expect "root: started 1 components$"
  --expect "^hello: Hello, world, from a component built from a manifest$"
  --until "no runnable threads, idle")
qemu_test(system_client_server system_client-server
  --expect "server: ready"
  --expect "^client: 1 \\+ 10 = 11$" --expect "^client: 5 \\+ 50 = 55$"
  --expect "server: notified by the client after 5 calls"
  --expect "client: the server answered the notification, done"
  --until "no runnable threads, idle")
qemu_test(system_shared_memory system_shared-memory
  --expect "producer: wrote 10 squares at 0x20000000"
  --expect "consumer: 10 values at 0x30000000, sum 385"
  --expect "producer: the consumer has read them, done"
  --until "no runnable threads, idle")

# The UART driver, the board's (PL011 or Cadence UART; the includer builds the system,
# tests/systems/uart): whole lines from two clients writing in pieces; input typed on the
# console to the client that holds the focus.
qemu_test(system_uart system_uart
  --send "^second: line 3 of 3" "ping\\n"
  --send "^first: got input ping" "\\x0epong\\n"
  --expect "^uart: ready$"
  --expect "^first: bad requests refused: yes$"
  --expect "^(first|second): line 1 of 3, written in two pieces$"
  --expect "^(first|second): line 3 of 3, written in two pieces$"
  --expect "^first: got input ping$"
  --expect "^\\[uart: input goes to client 1\\]$"
  --expect "^second: got input pong$"
  --expect "^second: done$")
