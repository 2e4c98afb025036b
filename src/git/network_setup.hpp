#pragma once

namespace nts::git {

// git_libgit2_init sets up libgit2's network transports, which a scan never
// uses: Debian's and Ubuntu's builds parse the whole system CA bundle for
// mbedTLS (about 15 ms of CPU) and initialise OpenSSL for libssh2 (2 ms more),
// more than a pre-commit scan of a 100,000-file repository needs for all the
// rest. ensure_initialised() therefore defers both (network_setup.cpp stands
// in for mbedtls_x509_crt_parse_file and libssh2_init, by interposition or, in
// a static build, the linker's --wrap, and defers them during the init only),
// and the one place that fetches over the network (org mirrors) calls
// prepare_network() first. Forgetting it fails closed: with no trusted CA,
// mbedTLS rejects every certificate; libssh2 initialises itself on first use.

// Runs `init` (git_libgit2_init) with the network set-up deferred.
void init_deferring_network_setup(void (*init)());

// Does the deferred set-up, once; a no-op when nothing was deferred (libgit2
// built with OpenSSL, or done already). Returns mbedTLS's result for the CA
// bundle: 0, the number of certificates it could not parse (the others are
// trusted), or a negative error code.
int prepare_network();

// True while deferred set-up waits (for tests).
bool network_setup_pending();

}  // namespace nts::git
