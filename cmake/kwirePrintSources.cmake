# cmake -P cmake/kwirePrintSources.cmake: prints what the CMake build compiles and installs, one
# line each, "src <path>" and "hdr <path> <installed path>" (paths relative to the source tree).
# tools/check_sources.py compares it with Bazel's //:kwire.
get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
include("${CMAKE_CURRENT_LIST_DIR}/kwireSources.cmake")
kwire_glob(cpp sources "${root}")
kwire_glob(hpp headers "${root}")
foreach(f IN LISTS sources)
  message(NOTICE "src ${f}")
endforeach()
foreach(h IN LISTS headers)
  kwire_header_destination("${h}" dest)
  message(NOTICE "hdr ${h} ${dest}")
endforeach()
