# lib/pkgconfig/kwire.pc. `pkg-config --cflags --libs kwire` links the shared library (and
# OpenSSL, which the headers use through Asio's TLS stream); `--static` adds the codecs.
# The prefix is found relative to the .pc file, so `cmake --install --prefix` anywhere works.

# Codecs with a pkg-config module of their own go to Requires.private, the others to Libs.private.
set(kwire_pc_requires_private zlib)
set(kwire_pc_libs_private "")
foreach(codec lz4 zstd snappy)
  if(KWIRE_PC_${codec}_FOUND)
    list(APPEND kwire_pc_requires_private ${KWIRE_PC_${codec}_MODULE_NAME})
  else()
    get_filename_component(dir "${KWIRE_${codec}_LIBRARY}" DIRECTORY)
    list(APPEND kwire_pc_libs_private "-L${dir}" "-l${codec}")
  endif()
endforeach()
list(JOIN kwire_pc_requires_private " " kwire_pc_requires_private)
list(JOIN kwire_pc_libs_private " " kwire_pc_libs_private)

# Boost has no pkg-config module: its include directory goes into Cflags unless it is one the
# compiler searches anyway.
set(kwire_pc_cflags "")
foreach(dir IN LISTS Boost_INCLUDE_DIRS)
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    string(APPEND kwire_pc_cflags " -I${dir}")
  endif()
endforeach()

file(RELATIVE_PATH kwire_pc_to_prefix "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" kwire_pc_to_prefix "${kwire_pc_to_prefix}")
configure_file(cmake/kwire.pc.in "${CMAKE_CURRENT_BINARY_DIR}/kwire.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/kwire.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
