# cmake -P script: the README's CMake snippets as written. Each ```cmake block
# goes into a project of its own after
#   cmake_minimum_required(...) / project(...) / add_executable(myapp main.cpp)
# which is then configured, built and run. The three ways in are served
# locally: find_package from PREFIX (an installed erlangkit), add_subdirectory
# from third_party/erlangkit (a link to SOURCE_DIR), FetchContent from
# SOURCE_DIR through FETCHCONTENT_SOURCE_DIR_ERLANGKIT (so neither the URL nor
# the tag is contacted).
#
# -DSOURCE_DIR=<erlangkit> -DWORK_DIR=<scratch> -DPREFIX=<installed erlangkit>
# -DGENERATOR=... [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...]
cmake_minimum_required(VERSION 3.20)

file(REMOVE_RECURSE "${WORK_DIR}")
file(READ "${SOURCE_DIR}/README.md" readme)
set(n 0)
while(TRUE)
  string(FIND "${readme}" "\n```cmake\n" at)
  if(at EQUAL -1)
    break()
  endif()
  math(EXPR at "${at} + 10")
  string(SUBSTRING "${readme}" ${at} -1 readme)
  string(FIND "${readme}" "\n```" end)
  string(SUBSTRING "${readme}" 0 ${end} snippet)
  string(SUBSTRING "${readme}" ${end} -1 readme)
  math(EXPR n "${n} + 1")

  set(dir "${WORK_DIR}/snippet_${n}")
  file(WRITE "${dir}/CMakeLists.txt"
       "cmake_minimum_required(VERSION 3.20)\nproject(readme_snippet_${n} LANGUAGES CXX)\n"
       "add_executable(myapp main.cpp)\n${snippet}\n")
  configure_file("${CMAKE_CURRENT_LIST_DIR}/consumer.cpp" "${dir}/main.cpp" COPYONLY)
  file(MAKE_DIRECTORY "${dir}/third_party")
  file(CREATE_LINK "${SOURCE_DIR}" "${dir}/third_party/erlangkit" SYMBOLIC)

  set(args -S "${dir}" -B "${dir}/build" -G "${GENERATOR}" -DCMAKE_BUILD_TYPE=Release
      "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DFETCHCONTENT_SOURCE_DIR_ERLANGKIT=${SOURCE_DIR}")
  if(MAKE_PROGRAM)
    list(APPEND args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  if(CXX_COMPILER)
    list(APPEND args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
  endif()
  foreach(step configure build run)
    if(step STREQUAL "configure")
      set(cmd "${CMAKE_COMMAND}" ${args})
    elseif(step STREQUAL "build")
      set(cmd "${CMAKE_COMMAND}" --build "${dir}/build")
    else()
      set(cmd "${dir}/build/myapp")
    endif()
    execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "README CMake snippet ${n}: ${step} failed (${rc})\n"
                          "--- snippet\n${snippet}\n--- output\n${out}\n${err}")
    endif()
  endforeach()
  message(STATUS "README CMake snippet ${n}: ${out}")
endwhile()
if(n LESS 3)
  message(FATAL_ERROR "README.md has ${n} CMake snippets; expected find_package, add_subdirectory and FetchContent")
endif()
