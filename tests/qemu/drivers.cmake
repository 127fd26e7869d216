# SPDX-License-Identifier: BSD-2-Clause
# Native virtio drivers (userland/drivers/virtio_*), each tested by a client in its test
# system (tests/systems/blk, tests/systems/net) against QEMU's devices.

set(DRIVER_RUN --platform ${TESSERA_PLATFORM_DIR} --mode test --timeout 60)

# virtio-blk: two boots sharing one fresh disk image. Each writes patterns and reads
# them back, sends bad requests and random bytes; the second also finds what the first
# left on the disk.
set(BLK_EXPECT
  --expect "virtio-blk: device at 0xa003e00, 16384 sectors \\(8192 KiB\\)"
  --expect "blk: info: capacity, sector size, request and region limits: ok"
  --expect "blk: 12 writes of 512 B to 128 KiB in one batch: each completed once: ok"
  --expect "blk: flush: ok"
  --expect "blk: the extent reads back as written: ok"
  --expect "blk: a read past the end: BLK_ERANGE: ok"
  --expect "blk: a request over the size limit: BLK_ETOOBIG: ok"
  --expect "blk: a ring full of random requests: each refused: ok"
  --expect "blk: the driver serves after the random requests: ok"
  --expect "blk: the driver serves after the reset: ok")
add_test(NAME qemu.virtio_blk
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/systems/blk/boot_disk.py
          $<TARGET_FILE:system_blk>
          --boot ${DRIVER_RUN} ${BLK_EXPECT}
            --expect "blk: boot 1: no data from an earlier boot"
            --expect "blk: persistent data written and flushed: ok"
            --expect "^[0-9]+ passed, 0 failed$"
          --boot ${DRIVER_RUN} ${BLK_EXPECT}
            --expect "blk: boot 2: the data boot 1 wrote read back intact"
            --expect "blk: persistent data written and flushed: ok"
            --expect "^[0-9]+ passed, 0 failed$")
set_tests_properties(qemu.virtio_blk PROPERTIES LABELS qemu TIMEOUT 150)

# virtio-net on QEMU's user-mode network (slirp: the gateway 10.0.2.2 answers ARP and
# ICMP echo itself, no host network needed): frames out and back, bad requests, random
# bytes in the rings.
qemu_test(virtio_net system_net
  --qemu-arg=-netdev --qemu-arg=user,id=net0
  --qemu-arg=-device --qemu-arg=virtio-net-device,netdev=net0
  --qemu-arg=-global --qemu-arg=virtio-mmio.force-legacy=false
  --expect "virtio-net: device at 0xa003e00, MAC 52:54:00:12:34:56"
  --expect "net: info: QEMU's MAC address, frame and region limits: ok"
  --expect "net: ARP request for 10.0.2.2 answered: ok"
  --expect "net: ICMP echo of a 98-byte frame answered, payload intact: ok"
  --expect "net: ICMP echo of a 1514-byte frame answered, payload intact: ok"
  --expect "net: 40 echoes of 153 to 1393 bytes, each answered: ok"
  --expect "net: frames over 1514 bytes: NET_ETOOBIG: ok"
  --expect "net: frames shorter than a header: NET_EINVAL: ok"
  --expect "net: frames outside the data region: NET_ERANGE: ok"
  --expect "net: receive buffers too small or outside the region: returned with errors: ok"
  --expect "net: the driver serves after the bad requests: ok"
  --expect "net: a full ring of random frames: each refused: ok"
  --expect "net: 64 random receive buffers: each refused: ok"
  --expect "net: the driver serves after the random slots: ok"
  --expect "net: the driver serves after the reset: ok"
  --expect "^[0-9]+ passed, 0 failed$")
