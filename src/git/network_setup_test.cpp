#include "git/network_setup.hpp"

#include <dlfcn.h>
#include <git2.h>

#include "git/handle.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("libgit2's network set-up waits for a fetch, and is done once") {
  git::ensure_initialised();
  // Debian's and Ubuntu's libgit2 use libssh2, and mbedTLS or OpenSSL.
  bool ssh = (git_libgit2_features() & GIT_FEATURE_SSH) != 0;
  bool mbedtls = dlsym(RTLD_DEFAULT, "mbedtls_ssl_config_init") != nullptr;
  if (ssh || mbedtls) {
    CHECK(git::network_setup_pending());
  }
  CHECK(git::prepare_network() >= 0);  // the CA bundle parses (>0: certificates it skipped)
  CHECK_FALSE(git::network_setup_pending());
  CHECK(git::prepare_network() == 0);
}

TEST_CASE("outside libgit2's init, CA files are parsed at once and their errors kept") {
  git::ensure_initialised();
  // A file that does not exist must fail: were the call swallowed, libgit2
  // would believe in a trust store it never loaded.
  CHECK(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/nonexistent/npm-token-scan-ca.pem",
                         nullptr) != 0);
}
