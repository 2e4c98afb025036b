#pragma once

namespace nts::git {

// libgit2 built with mbedTLS (Debian's and Ubuntu's packages) parses the
// whole system CA bundle in git_libgit2_init: about 15 ms of CPU, more than a
// pre-commit scan of a 100,000-file repository needs for everything else, and
// only HTTPS fetches use it. ensure_initialised() therefore defers that parse
// (tls_trust.cpp interposes mbedtls_x509_crt_parse_file during the init), and
// every libgit2 network operation must call load_tls_trust() first. Failing
// to would fail closed: with no trusted CA, mbedTLS rejects every certificate.

// Runs `init` (git_libgit2_init) with the CA bundle's parse deferred.
void init_deferring_tls_trust(void (*init)());

// Parses the deferred CA bundle into libgit2's TLS configuration, once; a
// no-op when nothing was deferred (libgit2 built with OpenSSL, or done).
// Returns mbedTLS's result: 0, or the number of certificates it could not
// parse (the others are trusted), or a negative error code.
int load_tls_trust();

// True while a CA bundle waits to be parsed (for tests).
bool tls_trust_pending();

}  // namespace nts::git
