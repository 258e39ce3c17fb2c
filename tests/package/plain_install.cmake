# cmake -P script: what a newcomer does first on a fresh checkout,
#   cmake -S . -B b && cmake --install b --prefix <prefix>
# with default options, no build step, and no GoogleTest, Google Benchmark or
# Boost on the machine. The configure must succeed (saying the unit tests are
# skipped), the install must succeed, and the prefix must hold the headers and
# the CMake package files and nothing else (no Python module).
#
# -DSOURCE_DIR=<erlangkit> -DWORK_DIR=<scratch> -DGENERATOR=... [-DMAKE_PROGRAM=...]
# [-DCXX_COMPILER=...] [-DPYTHON=<python> -DPYBIND11_DIR=<dir>]: with the last two
# python/ is configured as well, as on a developer's machine.
cmake_minimum_required(VERSION 3.20)

file(REMOVE_RECURSE "${WORK_DIR}")
set(build "${WORK_DIR}/build")
set(prefix "${WORK_DIR}/prefix")

set(args -S "${SOURCE_DIR}" -B "${build}" -G "${GENERATOR}"
    -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON)
if(MAKE_PROGRAM)
  list(APPEND args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(PYTHON AND PYBIND11_DIR)
  list(APPEND args "-DPython_EXECUTABLE=${PYTHON}" "-Dpybind11_DIR=${PYBIND11_DIR}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" ${args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure with default options failed (${rc}):\n${out}\n${err}")
endif()
if(NOT out MATCHES "GoogleTest not found: the C\\+\\+ unit tests are skipped")
  message(FATAL_ERROR "configure without GoogleTest did not say the unit tests are skipped:\n${out}")
endif()
if(PYTHON AND PYBIND11_DIR AND NOT EXISTS "${build}/python")
  message(FATAL_ERROR "python/ was not configured, so this test cannot tell whether it stays out of the install")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" --install "${build}" --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install of an unbuilt default configuration failed (${rc}):\n${out}\n${err}")
endif()

foreach(f include/erlangkit/erlangkit.hpp include/erlangkit/version.hpp
          share/cmake/erlangkit/erlangkitConfig.cmake share/cmake/erlangkit/erlangkitConfigVersion.cmake
          share/cmake/erlangkit/erlangkitTargets.cmake)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE installed LIST_DIRECTORIES false RELATIVE "${prefix}" "${prefix}/*")
set(strays "")
foreach(f IN LISTS installed)
  if(NOT f MATCHES "^(include/erlangkit/.*\\.hpp|share/cmake/erlangkit/erlangkit[A-Za-z-]*\\.cmake)$")
    list(APPEND strays "${f}")
  endif()
endforeach()
if(strays)
  list(JOIN strays "\n  " strays)
  message(FATAL_ERROR "installed besides the headers and the CMake package files:\n  ${strays}")
endif()
list(LENGTH installed n)
message(STATUS "installed ${n} files into ${prefix}: headers and CMake package files only")
