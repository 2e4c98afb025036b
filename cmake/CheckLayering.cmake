# The layering check `make test` runs (issue 18): every #include "<folder>/…"
# in src/<stage>/ must name the stage itself or a library the stage links
# (directly, or through a PUBLIC link of one it links), as the stage's
# CMakeLists.txt says; only src/git/ may include <git2.h>. The compiler
# enforces the same through each library's exported include folder; this
# check names every offending line at once, and also covers headers no
# translation unit includes yet.
#
#   cmake -DSOURCE_DIR=<tree with src/> -P cmake/CheckLayering.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "pass -DSOURCE_DIR=<the tree holding src/>")
endif()

file(GLOB stage_lists "${SOURCE_DIR}/src/*/CMakeLists.txt")
set(stages "")
foreach(list_file IN LISTS stage_lists)
  get_filename_component(dir "${list_file}" DIRECTORY)
  get_filename_component(stage "${dir}" NAME)
  list(APPEND stages "${stage}")
  file(READ "${list_file}" text)
  # Libraries the stage defines (nts_<name>): map each to its folder.
  string(REGEX MATCHALL "nts_library\\(nts_[a-z_]+" defined "${text}")
  foreach(item IN LISTS defined)
    string(REGEX REPLACE "nts_library\\(nts_" "" lib "${item}")
    set(folder_of_${lib} "${stage}")
  endforeach()
  set(public_${stage} "")
  set(private_${stage} "")
  string(REGEX MATCHALL "target_link_libraries\\(nts_[a-z_]+[^)]*\\)" links "${text}")
  foreach(link IN LISTS links)
    string(REGEX REPLACE "[\n\r\t ]+" ";" words "${link}")
    set(scope PUBLIC)
    foreach(word IN LISTS words)
      if(word MATCHES "^(PUBLIC|PRIVATE|INTERFACE)$")
        set(scope "${word}")
      elseif(word MATCHES "^nts_([a-z_]+)\\)?$" AND NOT word MATCHES "^target_link")
        string(REGEX REPLACE "^nts_([a-z_]+)\\)?$" "\\1" dep "${word}")
        if(scope STREQUAL "PRIVATE")
          list(APPEND private_${stage} "${dep}")
        else()
          list(APPEND public_${stage} "${dep}")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()

# A library's folder, or "" for one outside src/ (nts_warnings, nts_build_info).
function(folder_of lib out)
  if(DEFINED folder_of_${lib})
    set(${out} "${folder_of_${lib}}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# The folders a stage may include: itself, what it links, and what those
# export through PUBLIC links, transitively.
function(reachable stage out)
  set(seen "${stage}")
  set(queue ${public_${stage}} ${private_${stage}})
  while(queue)
    list(POP_FRONT queue lib)
    folder_of(${lib} folder)
    if(folder STREQUAL "" OR folder IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${folder}")
    list(APPEND queue ${public_${folder}})
  endwhile()
  set(${out} "${seen}" PARENT_SCOPE)
endfunction()

# Headers that include libgit2 are src/git's own: outside it they would bring
# <git2.h> in through the back door.
set(git2_headers "")
file(GLOB_RECURSE all_headers "${SOURCE_DIR}/src/*.hpp" "${SOURCE_DIR}/src/*.h")
foreach(header IN LISTS all_headers)
  file(STRINGS "${header}" git2 REGEX "^[ \t]*#[ \t]*include[ \t]*<git2(\\.h|/)")
  if(git2)
    file(RELATIVE_PATH relative "${SOURCE_DIR}/src" "${header}")
    list(APPEND git2_headers "${relative}")
  endif()
endforeach()

set(violations "")
foreach(stage IN LISTS stages)
  reachable(${stage} allowed)
  file(GLOB_RECURSE files "${SOURCE_DIR}/src/${stage}/*.cpp" "${SOURCE_DIR}/src/${stage}/*.hpp"
       "${SOURCE_DIR}/src/${stage}/*.h" "${SOURCE_DIR}/src/${stage}/*.c")
  foreach(file IN LISTS files)
    if(file MATCHES "_test\\.cpp$")
      continue()  # tests join unit_tests, which links every stage
    endif()
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    file(RELATIVE_PATH shown "${SOURCE_DIR}" "${file}")
    foreach(line IN LISTS lines)
      if(line MATCHES "<git2(\\.h|/)" AND NOT stage STREQUAL "git")
        list(APPEND violations "${shown}: ${line} (only src/git/ includes libgit2)")
      elseif(line MATCHES "\"(([a-z_]+)/[^\"]+)\"")
        set(header "${CMAKE_MATCH_1}")
        set(target "${CMAKE_MATCH_2}")
        if(header IN_LIST git2_headers AND NOT stage STREQUAL "git")
          list(APPEND violations "${shown}: ${line} (that header includes libgit2: only src/git/ may)")
        elseif(target IN_LIST stages AND NOT target IN_LIST allowed)
          list(APPEND violations
               "${shown}: ${line} (src/${stage} does not link src/${target}: an upward or sideways include)")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  list(JOIN violations "\n  " shown)
  message(FATAL_ERROR "layering: includes against the dependency chain:\n  ${shown}\n"
                      "Fix the include, or link the library in the stage's CMakeLists.txt if the "
                      "edge belongs in ARCHITECTURE.md's chain.")
endif()
list(LENGTH stages count)
message(STATUS "layering: ${count} stages, every include follows the links")
