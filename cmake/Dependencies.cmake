# System packages only (Debian bookworm, Ubuntu 24.04). pkg-config is used where
# the CMake package files differ between the two (RE2 gained abseil deps in Ubuntu,
# yaml-cpp renamed its target).
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
# HTTPS for the GitHub API (org --github-org): TLS, proxies and CA handling we should not write.
# Headers only at build time: src/org/http.cpp opens libcurl.so.4 when a request is made.
pkg_check_modules(CURL REQUIRED libcurl)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.9 REQUIRED)
find_package(CLI11 REQUIRED)

option(NTS_STATIC_DEPS "Link libgit2, RE2 and yaml-cpp statically when their archives exist" ON)
include(${CMAKE_CURRENT_LIST_DIR}/StaticDeps.cmake)

# dep_re2, dep_yamlcpp, dep_libgit2, dep_zlib: what the code links. With static
# dependencies they take headers from pkg-config and share one link line.
add_library(dep_re2 INTERFACE)
add_library(dep_yamlcpp INTERFACE)
add_library(dep_libgit2 INTERFACE)
add_library(dep_zlib INTERFACE)
if(NTS_STATIC_DEPS_LINK)
  add_library(dep_static_link INTERFACE)
  target_link_libraries(dep_static_link INTERFACE ${NTS_STATIC_DEPS_LINK})
  target_link_options(dep_static_link INTERFACE ${NTS_STATIC_DEPS_OPTIONS})
  foreach(pair re2:RE2 yamlcpp:YAMLCPP libgit2:LIBGIT2)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 dep)
    list(GET pair 1 module)
    target_include_directories(dep_${dep} INTERFACE
      $<TARGET_PROPERTY:PkgConfig::${module},INTERFACE_INCLUDE_DIRECTORIES>)
    target_compile_options(dep_${dep} INTERFACE
      $<TARGET_PROPERTY:PkgConfig::${module},INTERFACE_COMPILE_OPTIONS>)
    target_link_libraries(dep_${dep} INTERFACE dep_static_link)
  endforeach()
  target_link_libraries(dep_zlib INTERFACE dep_static_link)
  target_include_directories(dep_zlib INTERFACE ${ZLIB_INCLUDE_DIRS})
  if(NTS_STATIC_LIBGIT2)
    target_compile_definitions(dep_libgit2 INTERFACE NTS_STATIC_LIBGIT2=1)
  endif()
else()
  target_link_libraries(dep_re2 INTERFACE PkgConfig::RE2)
  target_link_libraries(dep_yamlcpp INTERFACE PkgConfig::YAMLCPP)
  target_link_libraries(dep_libgit2 INTERFACE PkgConfig::LIBGIT2)
  target_link_libraries(dep_zlib INTERFACE ZLIB::ZLIB)
endif()
add_library(dep_curl INTERFACE)
target_include_directories(dep_curl INTERFACE ${CURL_INCLUDE_DIRS})
target_link_libraries(dep_curl INTERFACE ${CMAKE_DL_LIBS})
add_library(dep_json INTERFACE)
target_link_libraries(dep_json INTERFACE nlohmann_json::nlohmann_json)
add_library(dep_cli11 INTERFACE)
target_link_libraries(dep_cli11 INTERFACE CLI11::CLI11)

# Catch2: v2 on Debian bookworm (single header), v3 on Ubuntu 24.04.
if(NTS_BUILD_TESTS)
  find_package(Catch2 REQUIRED)
  add_library(dep_catch2 INTERFACE)
  if(Catch2_VERSION VERSION_GREATER_EQUAL 3)
    target_link_libraries(dep_catch2 INTERFACE Catch2::Catch2WithMain)
    target_compile_definitions(dep_catch2 INTERFACE NTS_CATCH2_V3=1)
  else()
    target_link_libraries(dep_catch2 INTERFACE Catch2::Catch2)
  endif()
endif()
