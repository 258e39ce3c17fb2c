# cmake -P script: runs PROGRAM and passes if it exits 0 and its standard output
# (trimmed) equals the contents of EXPECTED_FILE (trimmed). The expected text is
# read from a file so that it may hold anything, semicolons included.
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ "${EXPECTED_FILE}" want)
string(STRIP "${out}" out)
string(STRIP "${want}" want)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}:\n${out}\n${err}")
endif()
if(NOT out STREQUAL want)
  message(FATAL_ERROR "${PROGRAM} printed\n  ${out}\nbut its source says it prints\n  ${want}")
endif()
message(STATUS "${out}")
