#include "git/handle.hpp"

#include <mutex>

#include "git/network_setup.hpp"

namespace nts::git {

void ensure_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { init_deferring_network_setup([] { git_libgit2_init(); }); });
}

std::string last_error_message() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

core::Error last_error(const std::string& what, const std::string& path) {
  core::Error out;
  out.kind = core::ErrorKind::runtime;  // libgit2 failed to read what is there
  out.message = what + ": " + last_error_message();
  if (!path.empty()) {
    out.location = core::Location{path, 0, 0};
  }
  return out;
}

std::string oid_hex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof(buffer), &oid);
  return buffer;
}

}  // namespace nts::git
