# SPDX-License-Identifier: BSD-2-Clause
# tessera_system(NAME MANIFEST <file>): target system_NAME, a bootable image composed
# from a manifest.
#
# tools/compose.py validates the manifest (at configure time, so errors stop the build
# with file, key and reason), then at build time writes build/systems/NAME/: spec.txt,
# spec.bin, archive.bin, report.txt, system.dot (and .svg), and <vm>.dts per VM. The root
# manager (userland/root) is linked with the archive, and the kernel with the root
# manager: build/systems/NAME/NAME.elf. The archive depends on the programs and on the
# VMs' files (kernel, initrd, dtb: beside the manifest, or in build/programs, where a
# target builds them); editing the manifest reconfigures, so both lists stay current.

set(TESSERA_COMPOSE ${CMAKE_SOURCE_DIR}/tools/compose.py)
file(GLOB TESSERA_COMPOSE_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tools/compose/*.py)
# The tool reads the guest ABI's numbers from the header guests include (guest_abi.py), and
# the root manager's CSpace size from tessera/abi.h (rootplan.py).
list(APPEND TESSERA_COMPOSE_SOURCES ${CMAKE_SOURCE_DIR}/libs/guest/include/tessera/hypercall.h
  ${CMAKE_SOURCE_DIR}/libs/libtessera/include/tessera/abi.h)

# tools/compose.py COMMAND (programs, files) MANIFEST [ARGN] at configure time: the lines
# it prints, as a list in VAR; its errors stop the configuration.
function(tessera_compose_list command manifest var)
  execute_process(COMMAND ${Python3_EXECUTABLE} ${TESSERA_COMPOSE} ${command} ${manifest} ${ARGN}
    --board ${TESSERA_PLATFORM_DIR}
    OUTPUT_VARIABLE lines ERROR_VARIABLE errors RESULT_VARIABLE status)
  if(status)
    message(FATAL_ERROR "${errors}")
  endif()
  string(STRIP "${lines}" lines)
  string(REPLACE "\n" ";" lines "${lines}")
  set(${var} "${lines}" PARENT_SCOPE)
endfunction()

# The programs that MANIFEST builds itself (a component's `sources`, docs/manifest.md):
# each a tessera_component of those files, unless an earlier manifest made it from the
# same files. A program that CMake builds otherwise as well is an error.
function(tessera_sourced_programs manifest)
  file(STRINGS ${manifest} keys REGEX "^[ \t]*sources[ \t]*=")
  if(NOT keys)
    return()  # the usual case, without another run of the tool
  endif()
  tessera_compose_list(sources ${manifest} sourced)
  foreach(line ${sourced})
    string(REPLACE "\t" ";" files "${line}")
    list(POP_FRONT files program)
    get_property(made GLOBAL PROPERTY TESSERA_SOURCES_${program})
    if(TARGET ${program} AND NOT made STREQUAL files)
      message(FATAL_ERROR "${manifest}: program '${program}' is built from the manifest's "
        "sources and by CMake (or from other sources for another manifest): keep one")
    elseif(NOT TARGET ${program})
      tessera_component(${program} ${files})
      set_target_properties(${program} PROPERTIES EXCLUDE_FROM_ALL TRUE)
      set_property(GLOBAL PROPERTY TESSERA_SOURCES_${program} "${files}")
    endif()
  endforeach()
endfunction()

# CORRUPT_FOR_TEST: link an archive with one spec byte flipped (tests of the root
# manager's checks). PMU: the kernel counts instructions and lets EL0 read the counters
# (see tessera_image). BENCH: a benchmark system (PMU, and `./tessera bench` runs it).
# SLOW: a benchmark of minutes (the real-time scenarios' 10,000 periods), which ./tessera
# bench runs but the determinism test of ./tessera test leaves out. QEMU_ARGS: the
# devices the system needs (a disk, a network card), one argument a line in
# <name>.elf.qemu-args beside the image, which tools/bench.py and `./tessera run` and
# `./tessera debug` read.
function(tessera_system name)
  cmake_parse_arguments(SYS "CORRUPT_FOR_TEST;PMU;BENCH;SLOW" "MANIFEST" "QEMU_ARGS" ${ARGN})
  get_filename_component(manifest ${SYS_MANIFEST} ABSOLUTE)
  set(out ${CMAKE_BINARY_DIR}/systems/${name})
  tessera_compose_list(programs ${manifest} programs)
  tessera_sourced_programs(${manifest})
  set(elves)
  foreach(p ${programs})
    list(APPEND elves ${CMAKE_BINARY_DIR}/programs/${p}.elf)
  endforeach()
  tessera_compose_list(files ${manifest} vm_files --programs ${CMAKE_BINARY_DIR}/programs)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})

  add_custom_command(
    OUTPUT ${out}/archive.bin ${out}/spec.bin ${out}/spec.txt ${out}/report.txt ${out}/system.dot
    COMMAND ${Python3_EXECUTABLE} ${TESSERA_COMPOSE} build ${manifest}
            --programs ${CMAKE_BINARY_DIR}/programs --board ${TESSERA_PLATFORM_DIR} --out ${out}
    DEPENDS ${manifest} ${TESSERA_COMPOSE} ${TESSERA_COMPOSE_SOURCES} ${elves} ${programs}
            ${vm_files}
    COMMENT "Composing system ${name}" VERBATIM)

  set(ARCHIVE ${out}/archive.bin)
  if(SYS_CORRUPT_FOR_TEST)
    set(ARCHIVE ${out}/archive-corrupt.bin)
    add_custom_command(OUTPUT ${ARCHIVE}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/systems/corrupt_archive.py
              ${out}/archive.bin ${ARCHIVE}
      DEPENDS ${out}/archive.bin VERBATIM)
  endif()
  set(blob ${out}/archive.S)
  file(WRITE ${blob}.in "/* Generated: the boot archive, linked into the root manager. */\n"
    "\t.section .rodata.archive, \"a\"\n\t.balign 8\n\t.global tsr_archive, tsr_archive_size\n"
    "tsr_archive:\n\t.incbin \"@ARCHIVE@\"\n1:\n\t.balign 8\n"
    "tsr_archive_size:\n\t.quad 1b - tsr_archive\n")
  configure_file(${blob}.in ${blob} @ONLY)
  set_source_files_properties(${blob} PROPERTIES OBJECT_DEPENDS ${ARCHIVE})
  add_executable(${name}_root ${blob} $<TARGET_OBJECTS:tessera_root>)
  target_link_libraries(${name}_root PRIVATE tessera_user)
  target_link_options(${name}_root PRIVATE -T ${TESSERA_USER_LD})
  set_target_properties(${name}_root PROPERTIES OUTPUT_NAME ${name}_root.elf
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/programs LINK_DEPENDS ${TESSERA_USER_LD})
  set(pmu)
  if(SYS_PMU OR SYS_BENCH)
    set(pmu PMU)
  endif()
  if(SYS_QEMU_ARGS)
    list(JOIN SYS_QEMU_ARGS "\n" qemu_args)
    file(WRITE ${out}/${name}.elf.qemu-args "${qemu_args}\n")
  endif()
  if(SYS_BENCH)
    if(SYS_SLOW)
      set_property(GLOBAL APPEND PROPERTY TESSERA_BENCH_SLOW_IMAGES system_${name})
    else()
      set_property(GLOBAL APPEND PROPERTY TESSERA_BENCH_IMAGES system_${name})
    endif()
  endif()
  tessera_image(system_${name} PROGRAM ${name}_root OUTPUT_DIR ${out} ${pmu})
  set_target_properties(system_${name} PROPERTIES OUTPUT_NAME ${name}.elf)
  # The same system with the schedule trace (./tessera trace): built when asked for.
  tessera_image(system_${name}_trace PROGRAM ${name}_root OUTPUT_DIR ${out} TRACE)
  set_target_properties(system_${name}_trace PROPERTIES OUTPUT_NAME ${name}-trace.elf
    EXCLUDE_FROM_ALL ON)
endfunction()

# tessera_test(NAME runner-arguments...): in a project's CMakeLists.txt (docs/projects.md),
# a test that boots the project's system with tools/qemu_run.py --mode test and passes
# only on the runner's verdict: --expect REGEX (in order), --expect-any REGEX, --until
# REGEX (ends the run), --send REGEX TEXT, --fail REGEX, --timeout SECONDS (default 60),
# --qemu-arg ARG. `./tessera test path/to/system.toml` runs the project's tests.
function(tessera_test name)
  if(NOT TESSERA_PROJECT_SYSTEM)
    message(FATAL_ERROR "tessera_test(${name}): for a project's CMakeLists.txt only, built by "
      "./tessera build|test <project>/system.toml (docs/projects.md)")
  endif()
  add_test(NAME ${name} COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/qemu_run.py
    --platform ${TESSERA_PLATFORM_DIR} --mode test ${ARGN}
    $<TARGET_FILE:system_${TESSERA_PROJECT_SYSTEM}>)
  set_tests_properties(${name} PROPERTIES TIMEOUT 300)
endfunction()
