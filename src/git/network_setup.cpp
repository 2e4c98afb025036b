#include "git/network_setup.hpp"

#include <dlfcn.h>

#include <atomic>
#include <mutex>
#include <string>

namespace nts::git {
namespace {

std::atomic<bool> g_deferring{false};
std::mutex g_mutex;
// The CA bundle libgit2 asked mbedTLS to parse, into its chain (opaque here).
bool g_ca_pending = false;
void* g_ca_chain = nullptr;
std::string g_ca_path;
// libssh2_init's flags, when libgit2 called it.
bool g_ssh_pending = false;
int g_ssh_flags = 0;

using ParseFile = int (*)(void*, const char*);
using SshInit = int (*)(int);

}  // namespace
}  // namespace nts::git

#if NTS_STATIC_LIBGIT2
// libgit2 is linked from its archive with `--wrap` (cmake/StaticDeps.cmake):
// its calls reach the __wrap_ definitions below, and __real_ names the
// library's function. Weak, because a libgit2 built on OpenSSL has no mbedTLS.
extern "C" int __real_mbedtls_x509_crt_parse_file(void*, const char*) __attribute__((weak));
extern "C" int __real_libssh2_init(int) __attribute__((weak));
#endif

namespace nts::git {
namespace {

#if NTS_STATIC_LIBGIT2
ParseFile real_parse_file() {
  return &__real_mbedtls_x509_crt_parse_file;
}
SshInit real_ssh_init() {
  return &__real_libssh2_init;
}
#else
// The library's own function, found past ours in the lookup order.
template <typename Function>
Function next_definition(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

ParseFile real_parse_file() {
  static const auto function = next_definition<ParseFile>("mbedtls_x509_crt_parse_file");
  return function;
}

SshInit real_ssh_init() {
  static const auto function = next_definition<SshInit>("libssh2_init");
  return function;
}
#endif

constexpr int k_mbedtls_file_io_error = -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR

}  // namespace

void init_deferring_network_setup(void (*init)()) {
  g_deferring = true;
  init();
  g_deferring = false;
}

int prepare_network() {
  std::lock_guard lock(g_mutex);
  if (g_ssh_pending) {
    g_ssh_pending = false;
    if (SshInit real = real_ssh_init()) {
      real(g_ssh_flags);
    }
  }
  if (!g_ca_pending) {
    return 0;
  }
  g_ca_pending = false;
  ParseFile real = real_parse_file();
  return real != nullptr ? real(g_ca_chain, g_ca_path.c_str()) : k_mbedtls_file_io_error;
}

bool network_setup_pending() {
  std::lock_guard lock(g_mutex);
  return g_ca_pending || g_ssh_pending;
}

}  // namespace nts::git

// These definitions stand in for the libraries' functions of the same names
// for libgit2: linked statically, through the linker's --wrap; linked
// dynamically, by interposition (the executable comes first in the dynamic
// linker's lookup order). During git_libgit2_init they record the call for
// prepare_network(); at any other time they call the library at once.
#if NTS_STATIC_LIBGIT2
#define NTS_STAND_IN(name) __wrap_##name
#else
#define NTS_STAND_IN(name) name
#endif

extern "C" int NTS_STAND_IN(mbedtls_x509_crt_parse_file)(void* chain, const char* path) {
  using namespace nts::git;
  if (g_deferring) {
    std::lock_guard lock(g_mutex);
    g_ca_chain = chain;
    g_ca_path = path != nullptr ? path : "";
    g_ca_pending = true;
    return 0;
  }
  ParseFile real = real_parse_file();
  return real != nullptr ? real(chain, path) : k_mbedtls_file_io_error;
}

extern "C" int NTS_STAND_IN(libssh2_init)(int flags) {
  using namespace nts::git;
  if (g_deferring) {
    std::lock_guard lock(g_mutex);
    g_ssh_flags = flags;
    g_ssh_pending = true;
    return 0;
  }
  SshInit real = real_ssh_init();
  return real != nullptr ? real(flags) : -1;
}
