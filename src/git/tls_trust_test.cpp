#include "git/tls_trust.hpp"

#include <dlfcn.h>
#include <git2.h>

#include "git/handle.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("libgit2's CA bundle is parsed when a fetch needs it, not at start-up") {
  git::ensure_initialised();
  // Debian's and Ubuntu's libgit2 use mbedTLS, whose init asked for the bundle.
  bool mbedtls = dlsym(RTLD_DEFAULT, "mbedtls_ssl_config_init") != nullptr;
  if (mbedtls) {
    CHECK(git::tls_trust_pending());
    CHECK(git::load_tls_trust() >= 0);  // the bundle parses (>0: certificates it skipped)
  }
  CHECK_FALSE(git::tls_trust_pending());
  CHECK(git::load_tls_trust() == 0);  // once only
}

TEST_CASE("outside libgit2's init, CA files are parsed at once and their errors kept") {
  git::ensure_initialised();
  // A file that does not exist must fail: were the call swallowed, libgit2
  // would believe a trust store it never loaded.
  CHECK(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/nonexistent/npm-token-scan-ca.pem",
                         nullptr) != 0);
}
