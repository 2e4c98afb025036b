#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/location.hpp"

namespace nts::core {

// Whose problem an error is: the input the user gave (a bad flag, a path or
// revision that does not exist, an invalid config: exit 2), or something that
// went wrong while reading valid input (an unreadable object, an I/O failure:
// exit 3, the input was left unscanned).
enum class ErrorKind { usage, runtime };

// An error a person can act on: where (when known), what, and what to do.
struct Error {
  std::string message;
  std::optional<Location> location;
  std::string hint;
  std::string excerpt;  // the offending source line, shown with a caret under `column`
  ErrorKind kind = ErrorKind::usage;

  // "path:line:col: message" (the parts that are known).
  std::string describe() const;
  // describe(), then the excerpt with a caret and the hint, ninja style.
  std::string describe_with_context() const;
};

// Value-or-error return type (std::expected is C++23). Lower layers return it;
// only cli/ prints errors and picks the exit code.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : m_state(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return m_state.index() == 0; }
  bool ok() const { return m_state.index() == 0; }
  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(m_state); }

 private:
  std::variant<T, Error> m_state;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() {
  return Unit{};
}

}  // namespace nts::core
