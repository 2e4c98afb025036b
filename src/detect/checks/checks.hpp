#pragma once

#include <memory>

#include "detect/check.hpp"

namespace nts::detect::checks {

std::unique_ptr<Check> make_npmrc_auth_check();
std::unique_ptr<Check> make_yarnrc_yml_auth_check();
std::unique_ptr<Check> make_yarnrc_auth_check();

// Shared by the three: reports a token-ish auth value found at [offset, offset+length).
// `what` names the setting in the message ("_authToken for //registry.npmjs.org/").
void report_auth_value(std::string_view literal_rule, std::string_view value, std::size_t offset,
                       const std::string& what, std::vector<Hit>& hits);

}  // namespace nts::detect::checks
