#pragma once

#include <string>

namespace nts::util {

// The running binary's GNU build id (the linker's hash of its code and data,
// in hex), or empty when it has none. Caches key on it, besides the version,
// so that a rebuilt binary with a changed detector never reads results an
// older build wrote.
const std::string& build_id();

}  // namespace nts::util
