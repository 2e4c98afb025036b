#pragma once

namespace nts::cli {

// Fixed by docs/contract.md and detailed in docs/exit-codes.md.
enum class ExitCode {
  clean = 0,      // no finding at or above --fail-on
  findings = 1,   // findings at or above --fail-on (wins over `incomplete`)
  usage = 2,      // bad flag, invalid rule file or configuration
  incomplete = 3  // a runtime error left part of the input unscanned (named on stderr)
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

// The most --jobs a command accepts: more threads than this only costs memory.
inline constexpr unsigned k_max_jobs = 1024;

}  // namespace nts::cli
