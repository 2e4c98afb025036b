#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace nts::org {

// One repository's time budget (--timeout), started when its turn comes and
// checked before every phase (clone or fetch, open, each blob, the workflow
// analysis) and on libgit2's transfer callbacks. A budget smaller than the
// fixed cost of a phase therefore always expires: a repository never gets a
// result that ran past its budget.
struct Deadline {
  std::optional<std::chrono::steady_clock::time_point> at;  // none: no limit
  double seconds = 0;                                       // the budget, for messages

  // `seconds` <= 0 (or absurdly large): no limit.
  static Deadline after(double seconds);
  bool passed() const;
  // "timed out after 30 s (--timeout) while cloning; raise --timeout for large repositories"
  std::string reason(const std::string& phase) const;
};

}  // namespace nts::org
