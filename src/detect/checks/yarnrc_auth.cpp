// Yarn's auth settings: `npmAuthToken` / `npmAuthIdent` in .yarnrc.yml (Yarn
// Berry) and `_authToken`-style lines in .yarnrc (Yarn 1). A literal value is a
// leak; a ${VAR} reference is token plumbing.
#include "detect/checks/checks.hpp"
#include "parse/yarnrc.hpp"

namespace nts::detect::checks {
namespace {

std::string describe(const parse::YarnAuthEntry& entry) {
  return entry.where.empty() ? entry.key : entry.key + " in " + entry.where;
}

class YarnrcYmlAuthCheck final : public Check {
 public:
  std::string_view name() const override { return "yarnrc-yml-auth"; }
  std::vector<std::string_view> rule_ids() const override {
    return {"yarnrc-auth-token", "npm-token-reference"};
  }
  bool applies_to(parse::FileKind kind) const override {
    return kind == parse::FileKind::yarnrc_yml;
  }
  void run(std::string_view text, std::vector<Hit>& hits,
           std::vector<DecodedValue>& decoded) const override {
    auto entries = parse::parse_yarnrc_yml(text);
    if (!entries) {
      return;  // scan/file_scanner.cpp reports unparsable YAML; patterns still ran on the text
    }
    for (const auto& entry : *entries) {
      if (!entry.encoded) {
        report_auth_value("yarnrc-auth-token", entry.value, entry.value_offset, describe(entry),
                          hits);
        continue;
      }
      // Written with YAML escapes or line continuations: judge what Yarn reads
      // (the decoded scalar), and point at the scalar as written.
      std::vector<Hit> found;
      report_auth_value("yarnrc-auth-token", entry.value, 0,
                        describe(entry) + " (written with YAML escapes or line breaks)", found);
      for (auto& hit : found) {
        hit.decoded = entry.value.substr(hit.offset, hit.length);
        hit.offset = entry.value_offset;
        hit.length = entry.value_length;
        hits.push_back(std::move(hit));
      }
      decoded.push_back({entry.value_offset, entry.value_length, entry.value});
    }
  }
};

class YarnrcAuthCheck final : public Check {
 public:
  std::string_view name() const override { return "yarnrc-auth"; }
  std::vector<std::string_view> rule_ids() const override {
    return {"yarnrc-auth-token", "npm-token-reference"};
  }
  bool applies_to(parse::FileKind kind) const override { return kind == parse::FileKind::yarnrc; }
  void run(std::string_view text, std::vector<Hit>& hits,
           std::vector<DecodedValue>& /*decoded*/) const override {
    for (const auto& entry : parse::parse_yarnrc(text)) {
      report_auth_value("yarnrc-auth-token", entry.value, entry.value_offset, describe(entry),
                        hits);
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_yarnrc_yml_auth_check() {
  return std::make_unique<YarnrcYmlAuthCheck>();
}
std::unique_ptr<Check> make_yarnrc_auth_check() {
  return std::make_unique<YarnrcAuthCheck>();
}

}  // namespace nts::detect::checks
