add_library(nts_warnings INTERFACE)
target_compile_options(nts_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict on ordinary std::string concatenation (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(nts_warnings INTERFACE -Wno-restrict)
endif()
if(NTS_WERROR)
  target_compile_options(nts_warnings INTERFACE -Werror)
endif()

if(NTS_SANITIZE)
  string(REPLACE "," ";" _nts_sanitizers "${NTS_SANITIZE}")
  foreach(_san IN LISTS _nts_sanitizers)
    add_compile_options(-fsanitize=${_san})
    add_link_options(-fsanitize=${_san})
  endforeach()
  add_compile_options(-fno-omit-frame-pointer -fno-sanitize-recover=all)
endif()

if(NTS_FUZZ)
  # Coverage instrumentation in every library, so libFuzzer sees the branches
  # of the parsers it drives and not only the few lines of each target.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
