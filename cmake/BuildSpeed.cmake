# Build speed (issue 22), measured with bench/build/run.sh. Included before
# Dependencies.cmake so that the static-link probe links the way the project does.

# Line tables instead of full debug information in the default RelWithDebInfo
# build: backtraces, perf and sanitizer reports keep file:line, and compiling
# costs 40% less (src/cli/org_command.cpp: 22.0 s with -g, 13.0 s with -g1,
# 9.3 s with -g0). -DNTS_FULL_DEBUG_INFO=ON brings -g back for a debugger.
option(NTS_FULL_DEBUG_INFO "Full debug information in RelWithDebInfo builds" OFF)
if(NOT NTS_FULL_DEBUG_INFO)
  string(REGEX REPLACE "(^| )-g( |$)" "\\1-g1\\2" CMAKE_CXX_FLAGS_RELWITHDEBINFO
                       "${CMAKE_CXX_FLAGS_RELWITHDEBINFO}")
endif()

# ccache when it is installed (install-deps.sh installs it): a fresh clone, a
# switched branch or a second build directory recompiles only what differs
# from something compiled before. -DNTS_CCACHE=OFF compiles everything.
option(NTS_CCACHE "Compile through ccache when it is installed" ON)
if(NTS_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(NTS_CCACHE_PROGRAM ccache)
  if(NTS_CCACHE_PROGRAM)
    # base_dir: paths below the checkout are hashed relative to it, so two
    # clones share entries; the sloppiness lets ccache cache compiles that use
    # the precompiled headers below (see ccache's manual, "Precompiled headers").
    set(CMAKE_CXX_COMPILER_LAUNCHER /usr/bin/env "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}"
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
        "${NTS_CCACHE_PROGRAM}")
  endif()
endif()

# lld when the compiler can use it: linking a dozen binaries against static
# libgit2, RE2 and yaml-cpp with debug information was a fifth of a fresh
# build with GNU ld. Through CMAKE_EXE_LINKER_FLAGS, so try_run probes use it too.
option(NTS_LLD "Link with lld when it is installed" ON)
if(NTS_LLD AND NOT CMAKE_EXE_LINKER_FLAGS MATCHES "-fuse-ld=")
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_LINK_OPTIONS "-fuse-ld=lld")
  check_cxx_source_compiles("int main() { return 0; }" NTS_HAVE_LLD)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(NTS_HAVE_LLD)
    string(APPEND CMAKE_EXE_LINKER_FLAGS " -fuse-ld=lld")
  endif()
endif()

# Precompiled headers for the heavy header-only libraries (CLI11, nlohmann-json,
# Catch2): each translation unit that includes one spent most of its time
# parsing it. nts_precompile(target header...) gives the target one PCH.
option(NTS_PCH "Precompile the heavy third-party headers" ON)
function(nts_precompile target)
  if(NTS_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
