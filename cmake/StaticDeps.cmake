# Links libgit2, RE2, yaml-cpp (and what they need) from their static archives
# when the distribution ships them, so the binary starts in a few milliseconds.
#
# Why: the pre-commit hook's budget is 30 ms for a whole process, and loading
# libgit2's shared libraries costs more than the scan itself. Debian's libgit2
# pulls in 17 shared libraries (libssh2 -> libcrypto alone carries 21,000
# relocations, all for transports a scan never uses); on this project's 2-core
# reference VM `--version` went from 16 to 8 ms and `scan --staged` of a 10-file
# change in a 100,000-file repository lost 5-6 ms (bench/history/RESULTS.md).
#
# How: starting from the shared libraries pkg-config names, walk their DT_NEEDED
# entries. A library with a `.a` beside it is linked statically and its own
# needs are walked in turn; one without (gssapi on Debian, abseil on some
# Ubuntu releases) stays a shared library, found by its soname. glibc always
# stays shared. libstdc++ and libgcc are linked statically only when no shared
# library left on the line needs them, so there is one C++ runtime in the
# process. The result must link and run a probe program, or the build falls
# back to ordinary shared linking with a message; nothing else depends on it.
#
# The trade-off, stated: a static binary does not pick up a security update of
# libgit2 or OpenSSL until it is rebuilt. The Action's build cache key includes
# the versions of these packages (action/source-key.sh) for that reason.
#
# Sets NTS_STATIC_DEPS_LINK (the archives as one LINK_GROUP, then threads), NTS_STATIC_DEPS_OPTIONS
# (link options), NTS_STATIC_LIBGIT2 (libgit2 itself is static),
# NTS_FULLY_STATIC_LINK (no shared library at all) and NTS_GSSAPI_STUB (the
# source standing in for libgssapi_krb5, or "").

set(NTS_STATIC_LIBGIT2 OFF)
if(NOT NTS_STATIC_DEPS)
  return()
endif()
if(NTS_SANITIZE OR NTS_FUZZ)
  # Sanitizer runtimes interpose the C++ runtime and allocator; keep them simple.
  message(STATUS "static dependencies: off (sanitizer or fuzz build)")
  return()
endif()
find_program(NTS_READELF NAMES readelf ${CMAKE_READELF})
if(NOT NTS_READELF)
  message(STATUS "static dependencies: off (no readelf)")
  return()
endif()

set(_nts_glibc libc libm libpthread libdl librt libutil libresolv ld-linux-x86-64 ld-linux-aarch64)
set(_nts_cxx_runtime libstdc++ libgcc_s)
set(_nts_lib_dirs ${RE2_LIBRARY_DIRS} ${LIBGIT2_LIBRARY_DIRS} ${YAMLCPP_LIBRARY_DIRS}
  /lib/${CMAKE_LIBRARY_ARCHITECTURE} /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE} /lib64 /usr/lib64 /lib /usr/lib)
list(REMOVE_DUPLICATES _nts_lib_dirs)

# The sonames a shared library needs.
function(_nts_needed library out)
  execute_process(COMMAND "${NTS_READELF}" -d "${library}" OUTPUT_VARIABLE dynamic
    RESULT_VARIABLE failed ERROR_QUIET)
  set(names "")
  if(NOT failed)
    string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]\n]+\\]" lines "${dynamic}")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE ".*\\[([^]]+)\\]" "\\1" name "${line}")
      list(APPEND names "${name}")
    endforeach()
  endif()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# The file a soname (or a library file name) resolves to, or "".
function(_nts_find_file name out)
  set(found "")
  foreach(dir IN LISTS _nts_lib_dirs)
    if(EXISTS "${dir}/${name}")
      file(REAL_PATH "${dir}/${name}" found)
      break()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# The shared libraries pkg-config resolved for the three packages are the roots.
set(_nts_pending "")
foreach(_nts_lib IN LISTS RE2_LINK_LIBRARIES YAMLCPP_LINK_LIBRARIES LIBGIT2_LINK_LIBRARIES)
  if(_nts_lib MATCHES "\\.so")
    list(APPEND _nts_pending "${_nts_lib}")
  endif()
endforeach()

set(_nts_seen "")
set(_nts_static_names "")   # libraries linked from their archives
set(NTS_FULLY_STATIC_LINK OFF)
set(NTS_GSSAPI_STUB "")
set(_nts_shared "")         # shared libraries kept
set(_nts_shared_needs_cxx OFF)
while(_nts_pending)
  list(POP_FRONT _nts_pending _nts_lib)
  get_filename_component(_nts_file "${_nts_lib}" NAME)
  string(REGEX REPLACE "\\.so.*$" "" _nts_base "${_nts_file}")
  if(_nts_base IN_LIST _nts_seen OR _nts_base IN_LIST _nts_glibc OR _nts_base IN_LIST _nts_cxx_runtime)
    continue()
  endif()
  list(APPEND _nts_seen "${_nts_base}")
  _nts_find_file("${_nts_base}.a" _nts_archive)
  _nts_needed("${_nts_lib}" _nts_needs)
  if(_nts_archive)
    list(APPEND _nts_static_names "${_nts_base}")
    set(_nts_archive_${_nts_base} "${_nts_archive}")
    foreach(_nts_need IN LISTS _nts_needs)
      _nts_find_file("${_nts_need}" _nts_need_file)
      if(_nts_need_file)
        list(APPEND _nts_pending "${_nts_need_file}")
      endif()
    endforeach()
  else()
    list(APPEND _nts_shared "${_nts_lib}")
    foreach(_nts_need IN LISTS _nts_needs)
      if(_nts_need MATCHES "^libstdc\\+\\+")
        set(_nts_shared_needs_cxx ON)
      endif()
    endforeach()
  endif()
endwhile()

# The archives need one another in an order we do not compute: the linker
# searches them as one group, again until nothing new resolves (LINK_GROUP
# RESCAN, CMake 3.24+; GNU ld --start-group/--end-group).
set(_nts_archives "")
foreach(_nts_name IN LISTS _nts_static_names)
  list(APPEND _nts_archives "${_nts_archive_${_nts_name}}")
endforeach()
list(JOIN _nts_archives "," _nts_archive_list)
set(_nts_static "$<LINK_GROUP:RESCAN,${_nts_archive_list}>")

# Fully static (NTS_FULLY_STATIC, the default): glibc too, so that one binary
# runs on every Linux distribution (the release binaries, the npm packages, the
# Action's download and the container image are this build). What may stay
# shared is the GSSAPI library only (Debian ships no archive of it): libgit2
# calls it for Negotiate (Kerberos) HTTP authentication, which the static build
# answers with "unavailable" (src/git/gssapi_unavailable.c). glibc >= 2.34
# resolves names from /etc/hosts and DNS without loading NSS modules, so a
# static binary still clones over HTTPS; other NSS sources (LDAP, sssd) are not
# consulted. GitHub API requests go through the curl program (src/org/http.cpp).
set(_nts_fully_static OFF)
if(NTS_FULLY_STATIC)
  set(_nts_fully_static ON)
  foreach(_nts_lib IN LISTS _nts_shared)
    if(NOT _nts_lib MATCHES "libgssapi_krb5")
      message(STATUS "fully static: off (${_nts_lib} has no archive)")
      set(_nts_fully_static OFF)
    endif()
  endforeach()
endif()
if(_nts_fully_static)
  set(_nts_gss_stub "")
  if(_nts_shared)
    set(_nts_gss_stub "${CMAKE_CURRENT_LIST_DIR}/../src/git/gssapi_unavailable.c")
    enable_language(C)
  endif()
  set(NTS_STATIC_DEPS_LINK ${_nts_static} Threads::Threads)
  # --gc-sections: unreferenced sections of the archives stay out (the size limit of the release).
  set(NTS_STATIC_DEPS_OPTIONS -static LINKER:--gc-sections)
else()
  set(NTS_STATIC_DEPS_LINK ${_nts_static} ${_nts_shared} Threads::Threads ${CMAKE_DL_LIBS})
  set(NTS_STATIC_DEPS_OPTIONS "")
  if(NOT _nts_shared_needs_cxx)
    list(APPEND NTS_STATIC_DEPS_OPTIONS -static-libstdc++ -static-libgcc)
  endif()
endif()
if(libgit2 IN_LIST _nts_static_names)
  set(_nts_git_static ON)
  # libgit2 calls these during git_libgit2_init; src/git/network_setup.cpp
  # defers them (see there). Statically, the linker redirects the calls.
  list(APPEND NTS_STATIC_DEPS_OPTIONS
    "LINKER:--wrap=mbedtls_x509_crt_parse_file" "LINKER:--wrap=libssh2_init")
else()
  set(_nts_git_static OFF)
endif()

# The probe: the same link line must build a program that runs.
set(_nts_probe_dir "${CMAKE_BINARY_DIR}/static-deps-probe")
file(WRITE "${_nts_probe_dir}/probe.cpp" [=[
#include <git2.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>
#include <zlib.h>
extern "C" int __wrap_mbedtls_x509_crt_parse_file(void*, const char*) { return 0; }
extern "C" int __wrap_libssh2_init(int) { return 0; }
int main() {
  if (git_libgit2_init() < 1) return 1;
  git_libgit2_shutdown();
  if (!re2::RE2::FullMatch("npm", "n.m")) return 2;
  if (YAML::Load("a: 1")["a"].as<int>() != 1) return 3;
  return zlibVersion() != nullptr ? 0 : 4;
}
]=])
if(_nts_fully_static)
  set(_nts_probe_link ${_nts_static} -pthread)
  if(_nts_gss_stub)
    # The stub is C; the probe compiles it as C++ inside an extern "C" block.
    file(READ "${_nts_gss_stub}" _nts_stub_text)
    file(APPEND "${_nts_probe_dir}/probe.cpp" "extern \"C\" {\n${_nts_stub_text}\n}\n")
  endif()
else()
  set(_nts_probe_link ${_nts_static} ${_nts_shared} ${CMAKE_DL_LIBS} -pthread)
endif()
foreach(_nts_option IN LISTS NTS_STATIC_DEPS_OPTIONS)
  string(REPLACE "LINKER:" "-Wl," _nts_option "${_nts_option}")
  list(APPEND _nts_probe_link "${_nts_option}")
endforeach()
try_run(_nts_probe_ran _nts_probe_built "${_nts_probe_dir}/build" "${_nts_probe_dir}/probe.cpp"
  CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${RE2_INCLUDE_DIRS};${YAMLCPP_INCLUDE_DIRS};${LIBGIT2_INCLUDE_DIRS}"
  CXX_STANDARD 20
  LINK_LIBRARIES ${_nts_probe_link}
  COMPILE_OUTPUT_VARIABLE _nts_probe_output)
if(_nts_probe_built AND _nts_probe_ran EQUAL 0)
  set(NTS_STATIC_LIBGIT2 ${_nts_git_static})
  set(NTS_FULLY_STATIC_LINK ${_nts_fully_static})
  set(NTS_GSSAPI_STUB "${_nts_gss_stub}")
  list(JOIN _nts_static_names " " _nts_names)
  if(_nts_fully_static)
    message(STATUS "static dependencies: ${_nts_names}; fully static (glibc too)")
  else()
    message(STATUS "static dependencies: ${_nts_names}; shared: ${_nts_shared}")
  endif()
else()
  string(REGEX MATCH "[^\n]*(error|undefined)[^\n]*" _nts_first_error "${_nts_probe_output}")
  message(STATUS "static dependencies: off, the probe did not link and run (${_nts_first_error}); "
    "linking shared libraries")
  set(NTS_STATIC_DEPS_LINK "")
  set(NTS_STATIC_DEPS_OPTIONS "")
endif()
