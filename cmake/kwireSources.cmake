# What the library is made of: the same folders as Bazel's //:kwire (its packages and their
# globs), and where each header is reached (kwire.bzl's kwire_include_prefix).
#
# Included by CMakeLists.txt, and by tools/check_sources.py through `cmake -P
# cmake/kwirePrintSources.cmake`, which compares these lists with `bazel query` of //:kwire.

# Bazel packages of //:kwire, each with the folders its BUILD file globs ("." is the package's own).
set(KWIRE_PACKAGES protocol compression net client client/config client/producer client/consumer client/group client/admin)
set(KWIRE_GLOBS_protocol . detail messages message_codecs)
set(KWIRE_GLOBS_compression .)
set(KWIRE_GLOBS_net . detail)
set(KWIRE_GLOBS_client .)
set(KWIRE_GLOBS_client/config .)
set(KWIRE_GLOBS_client/producer .)
set(KWIRE_GLOBS_client/consumer .)
set(KWIRE_GLOBS_client/group .)
set(KWIRE_GLOBS_client/admin .)

# kwire_glob(<ext> <out-var> <root>): files with extension <ext> in every package folder, sorted,
# relative to <root>.
function(kwire_glob ext out root)
  set(files "")
  foreach(package IN LISTS KWIRE_PACKAGES)
    foreach(sub IN LISTS KWIRE_GLOBS_${package})
      set(dir "${package}")
      if(NOT sub STREQUAL ".")
        set(dir "${package}/${sub}")
      endif()
      if(CMAKE_SCRIPT_MODE_FILE)  # cmake -P: no build to re-run
        file(GLOB found LIST_DIRECTORIES false RELATIVE "${root}" "${root}/${dir}/*.${ext}")
      else()  # a file added or removed re-runs the configure step
        file(GLOB found LIST_DIRECTORIES false RELATIVE "${root}" CONFIGURE_DEPENDS "${root}/${dir}/*.${ext}")
      endif()
      list(APPEND files ${found})
    endforeach()
  endforeach()
  list(SORT files)
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# kwire_header_destination(<header> <out-var>): the path a header is included as, below the
# include root. protocol/messages/x.hpp -> kwire/protocol/messages/x.hpp, client/x.hpp ->
# kwire/x.hpp, client/producer/x.hpp -> kwire/producer/x.hpp.
function(kwire_header_destination header out)
  set(owner "")
  foreach(package IN LISTS KWIRE_PACKAGES)  # the deepest package holding the header owns it
    string(LENGTH "${package}/" n)
    string(SUBSTRING "${header}" 0 ${n} head)
    if(head STREQUAL "${package}/")
      string(LENGTH "${owner}" owner_n)
      if(n GREATER owner_n)
        set(owner "${package}")
      endif()
    endif()
  endforeach()
  if(NOT owner)
    message(FATAL_ERROR "kwire: ${header} is in no package of KWIRE_PACKAGES")
  endif()
  string(LENGTH "${owner}/" n)
  string(SUBSTRING "${header}" ${n} -1 rest)
  if(owner STREQUAL "client")
    set(prefix "kwire")
  elseif(owner MATCHES "^client/(.*)$")
    set(prefix "kwire/${CMAKE_MATCH_1}")
  else()
    set(prefix "kwire/${owner}")
  endif()
  set(${out} "${prefix}/${rest}" PARENT_SCOPE)
endfunction()

# kwire_parse_version(<version.hpp> <out-var>): MAJOR.MINOR.PATCH from client/version.hpp's macros,
# checked against its KWIRE_VERSION_STRING.
function(kwire_parse_version file out)
  file(READ "${file}" text)
  foreach(part MAJOR MINOR PATCH)
    if(NOT text MATCHES "#define KWIRE_VERSION_${part} ([0-9]+)")
      message(FATAL_ERROR "kwire: ${file} has no '#define KWIRE_VERSION_${part} <number>'")
    endif()
    set(${part} "${CMAKE_MATCH_1}")
  endforeach()
  set(version "${MAJOR}.${MINOR}.${PATCH}")
  if(NOT text MATCHES "#define KWIRE_VERSION_STRING \"${version}\"")
    message(FATAL_ERROR "kwire: ${file}: KWIRE_VERSION_STRING is not \"${version}\" as its MAJOR/MINOR/PATCH macros say")
  endif()
  set(${out} "${version}" PARENT_SCOPE)
endfunction()
