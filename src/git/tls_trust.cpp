#include "git/tls_trust.hpp"

#include <dlfcn.h>

#include <atomic>
#include <mutex>
#include <string>

namespace nts::git {
namespace {

std::atomic<bool> g_deferring{false};
std::mutex g_mutex;
void* g_chain = nullptr;  // libgit2's mbedtls_x509_crt, opaque here
std::string g_path;
bool g_pending = false;

using ParseFile = int (*)(void*, const char*);

// mbedTLS's own function, found past ours in the lookup order.
ParseFile real_parse_file() {
  static const auto function =
      reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
  return function;
}

constexpr int k_mbedtls_file_io_error = -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR

}  // namespace

void init_deferring_tls_trust(void (*init)()) {
  g_deferring = true;
  init();
  g_deferring = false;
}

int load_tls_trust() {
  std::lock_guard lock(g_mutex);
  if (!g_pending) {
    return 0;
  }
  g_pending = false;
  ParseFile real = real_parse_file();
  return real != nullptr ? real(g_chain, g_path.c_str()) : k_mbedtls_file_io_error;
}

bool tls_trust_pending() {
  std::lock_guard lock(g_mutex);
  return g_pending;
}

}  // namespace nts::git

// Interposes mbedTLS's function of the same name for libgit2 (the executable's
// definition comes first in the dynamic linker's lookup order): during
// git_libgit2_init the path and chain are kept for load_tls_trust(); at any
// other time the call goes straight to mbedTLS.
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  using namespace nts::git;
  if (g_deferring) {
    std::lock_guard lock(g_mutex);
    g_chain = chain;
    g_path = path != nullptr ? path : "";
    g_pending = true;
    return 0;
  }
  ParseFile real = real_parse_file();
  return real != nullptr ? real(chain, path) : k_mbedtls_file_io_error;
}
