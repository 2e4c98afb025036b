#include "core/verdict.hpp"

#include <array>
#include <utility>

namespace nts::core {
namespace {

template <typename E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<Publishes, 3> k_publishes = {{
    {Publishes::no, "no"},
    {Publishes::yes, "yes"},
    {Publishes::unknown, "unknown"},
}};

constexpr Table<Auth, 4> k_auth = {{
    {Auth::none, "none"},
    {Auth::token, "token"},
    {Auth::oidc, "oidc"},
    {Auth::hybrid, "hybrid"},
}};

constexpr Table<Readiness, 4> k_readiness = {{
    {Readiness::not_applicable, "not-applicable"},
    {Readiness::ready, "ready"},
    {Readiness::needs_changes, "needs-changes"},
    {Readiness::blocked, "blocked"},
}};

template <typename E, std::size_t N>
std::string_view spell(const Table<E, N>& table, E value) {
  for (const auto& [e, text] : table) {
    if (e == value) {
      return text;
    }
  }
  return table.front().second;
}

template <typename E, std::size_t N>
std::optional<E> parse(const Table<E, N>& table, std::string_view text) {
  for (const auto& [e, spelling] : table) {
    if (spelling == text) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Publishes publishes) {
  return spell(k_publishes, publishes);
}
std::string_view to_string(Auth auth) {
  return spell(k_auth, auth);
}
std::string_view to_string(Readiness readiness) {
  return spell(k_readiness, readiness);
}

std::optional<Publishes> parse_publishes(std::string_view text) {
  return parse(k_publishes, text);
}
std::optional<Auth> parse_auth(std::string_view text) {
  return parse(k_auth, text);
}
std::optional<Readiness> parse_readiness(std::string_view text) {
  return parse(k_readiness, text);
}

}  // namespace nts::core
