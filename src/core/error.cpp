#include "core/error.hpp"

namespace nts::core {

std::string Error::describe() const {
  std::string out;
  if (location && !location->path.empty()) {
    out += location->path;
    if (location->line > 0) {
      out += ':' + std::to_string(location->line);
      if (location->column > 0) {
        out += ':' + std::to_string(location->column);
      }
    }
    out += ": ";
  }
  out += message;
  return out;
}

std::string Error::describe_with_context() const {
  std::string out = describe();
  if (!excerpt.empty()) {
    out += "\n" + excerpt + "\n";
    int column = location ? location->column : 0;
    out += std::string(column > 1 ? static_cast<std::size_t>(column - 1) : 0, ' ') + "^";
  }
  if (!hint.empty()) {
    out += "\n" + hint;
  }
  return out;
}

}  // namespace nts::core
