#include "core/verdict.hpp"

#include "util/enum_table.hpp"

namespace nts::core {
namespace {

constexpr util::EnumTable<Publishes, 3> k_publishes{{{
    {Publishes::no, "no"},
    {Publishes::yes, "yes"},
    {Publishes::unknown, "unknown"},
}}};

constexpr util::EnumTable<Auth, 4> k_auth{{{
    {Auth::none, "none"},
    {Auth::token, "token"},
    {Auth::oidc, "oidc"},
    {Auth::hybrid, "hybrid"},
}}};

constexpr util::EnumTable<Readiness, 4> k_readiness{{{
    {Readiness::not_applicable, "not-applicable"},
    {Readiness::ready, "ready"},
    {Readiness::needs_changes, "needs-changes"},
    {Readiness::blocked, "blocked"},
}}};

constexpr util::EnumTable<TokenSourceKind, 2> k_token_source_kind{{{
    {TokenSourceKind::seen, "seen"},
    {TokenSourceKind::inferred, "inferred"},
}}};

}  // namespace

std::string_view to_string(TokenSourceKind kind) {
  return k_token_source_kind.name(kind);
}
std::string_view to_string(Publishes publishes) {
  return k_publishes.name(publishes);
}
std::string_view to_string(Auth auth) {
  return k_auth.name(auth);
}
std::string_view to_string(Readiness readiness) {
  return k_readiness.name(readiness);
}

std::optional<Publishes> parse_publishes(std::string_view text) {
  return k_publishes.parse(text);
}
std::optional<Auth> parse_auth(std::string_view text) {
  return k_auth.parse(text);
}
std::optional<Readiness> parse_readiness(std::string_view text) {
  return k_readiness.parse(text);
}

}  // namespace nts::core
