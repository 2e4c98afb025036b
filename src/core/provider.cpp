#include "core/provider.hpp"

#include "util/enum_table.hpp"

namespace nts::core {
namespace {

constexpr util::EnumTable<Provider, 3> k_providers{{{
    {Provider::github, "github"},
    {Provider::gitlab, "gitlab"},
    {Provider::circleci, "circleci"},
}}};

}  // namespace

std::string_view to_string(Provider provider) {
  return k_providers.name(provider);
}

std::optional<Provider> parse_provider(std::string_view text) {
  return k_providers.parse(text);
}

std::string provider_choices() {
  return k_providers.choices();
}

}  // namespace nts::core
