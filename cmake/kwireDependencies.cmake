# The libraries kwire builds on, as imported targets. Used by the build and installed beside
# kwireConfig.cmake, so a project that finds kwire finds them the same way.
#
#   Boost (headers: Asio), OpenSSL, ZLIB, Threads  CMake's own find modules / Boost's config
#   lz4, zstd, snappy                              kwire::dep_lz4, kwire::dep_zstd, kwire::dep_snappy
#
# Not every distribution ships CMake packages for lz4, zstd and snappy (Debian 12 has none for
# lz4, and zstd's target names changed between releases), so these three are found the same
# way everywhere: pkg-config's answer as a hint, then find_path/find_library for the header and
# the library.
#
# Inside find_package(kwire) a missing library makes kwire not found, with a message naming it
# (kwireConfig.cmake checks kwire_FOUND after including this file); in kwire's own build it is
# a configure error.
include(CMakeFindDependencyMacro)

macro(kwire_dependency)
  if(CMAKE_FIND_PACKAGE_NAME)
    find_dependency(${ARGN})
  else()
    find_package(${ARGN} REQUIRED)
  endif()
endmacro()

set(THREADS_PREFER_PTHREAD_FLAG ON)
kwire_dependency(Threads)
kwire_dependency(Boost 1.81)
kwire_dependency(OpenSSL)
kwire_dependency(ZLIB)

find_package(PkgConfig QUIET)

# kwire_find_codec(<name> <pkg-config module> <header> <library>): kwire::dep_<name>.
macro(kwire_find_codec name module header library)
  if(NOT TARGET kwire::dep_${name})
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(KWIRE_PC_${name} QUIET ${module})
    endif()
    find_path(KWIRE_${name}_INCLUDE_DIR ${header} HINTS ${KWIRE_PC_${name}_INCLUDE_DIRS})
    find_library(KWIRE_${name}_LIBRARY ${library} HINTS ${KWIRE_PC_${name}_LIBRARY_DIRS})
    if(NOT KWIRE_${name}_INCLUDE_DIR OR NOT KWIRE_${name}_LIBRARY)
      set(why "kwire needs ${name}: ${header} found at '${KWIRE_${name}_INCLUDE_DIR}', lib${library} at '${KWIRE_${name}_LIBRARY}' (pkg-config module ${module}; Debian package lib${name}-dev)")
      if(NOT CMAKE_FIND_PACKAGE_NAME)
        message(FATAL_ERROR "${why}")
      endif()
      set(${CMAKE_FIND_PACKAGE_NAME}_NOT_FOUND_MESSAGE "${why}")
      set(${CMAKE_FIND_PACKAGE_NAME}_FOUND FALSE)
      return()
    endif()
    add_library(kwire::dep_${name} UNKNOWN IMPORTED)
    set_target_properties(kwire::dep_${name} PROPERTIES
      IMPORTED_LOCATION "${KWIRE_${name}_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${KWIRE_${name}_INCLUDE_DIR}")
  endif()
endmacro()

kwire_find_codec(lz4 liblz4 lz4frame.h lz4)
kwire_find_codec(zstd libzstd zstd.h zstd)
kwire_find_codec(snappy snappy snappy.h snappy)
