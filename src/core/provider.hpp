#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nts::core {

// Which CI system runs a workflow file's jobs: the `provider` of a report
// entry and of its trusted publisher. One table of spellings (provider.cpp)
// used by the analysis, every writer and the readers of stored reports.
enum class Provider { github, gitlab, circleci };

std::string_view to_string(Provider provider);  // "github" | "gitlab" | "circleci"
std::optional<Provider> parse_provider(std::string_view text);
// "github, gitlab or circleci", for messages.
std::string provider_choices();

}  // namespace nts::core
