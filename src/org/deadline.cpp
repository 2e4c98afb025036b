#include "org/deadline.hpp"

#include <cstdio>

namespace nts::org {

Deadline Deadline::after(double seconds) {
  Deadline deadline;
  if (seconds > 0 && seconds < 1e9) {  // beyond ~31 years (or inf): no limit
    deadline.seconds = seconds;
    deadline.at = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(seconds));
  }
  return deadline;
}

bool Deadline::passed() const {
  return at && std::chrono::steady_clock::now() >= *at;
}

std::string Deadline::reason(const std::string& phase) const {
  char budget[32];
  std::snprintf(budget, sizeof budget, "%g", seconds);
  return std::string("timed out after ") + budget + " s (--timeout) while " + phase +
         "; raise --timeout for large repositories";
}

}  // namespace nts::org
