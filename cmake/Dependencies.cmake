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

add_library(dep_re2 INTERFACE)
target_link_libraries(dep_re2 INTERFACE PkgConfig::RE2)
add_library(dep_yamlcpp INTERFACE)
target_link_libraries(dep_yamlcpp INTERFACE PkgConfig::YAMLCPP)
add_library(dep_libgit2 INTERFACE)
target_link_libraries(dep_libgit2 INTERFACE PkgConfig::LIBGIT2)
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
