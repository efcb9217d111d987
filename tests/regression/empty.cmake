# SupportLab regression: an empty action script scores 0 on a shipped scenario (docs/scoring.md:
# credit is earned by actions). Usage: cmake -DCLI=... -DSCENARIO=... -DEMPTY=... -P empty.cmake
foreach(var CLI SCENARIO EMPTY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "empty.cmake: ${var} is not set")
  endif()
endforeach()
file(WRITE "${EMPTY}" "")
execute_process(COMMAND "${CLI}" play "${SCENARIO}" --actions "${EMPTY}"
                OUTPUT_VARIABLE actual ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "supportlab-cli play exited ${rc}:\n${err}")
endif()
if(NOT actual MATCHES "\nTotal 0\\.00 / [0-9]+\\.[0-9]+ \\(0\\.0%\\)\n")
  message(FATAL_ERROR "an empty script scored more than 0 on ${SCENARIO}:\n${actual}")
endif()
