#include "config/baseline.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/move_out.hpp"
#include "util/file.hpp"
#include "util/output_file.hpp"

namespace nts::config {
namespace {

core::Error baseline_error(const std::string& path, const std::string& message) {
  return core::Error{
      message,
      core::Location{path, 0, 0},
      "create one with --write-baseline FILE (a JSON object with a \"fingerprints\" array)",
      {}};
}

}  // namespace

core::Result<std::set<std::string>> read_baseline(const std::string& path) {
  std::error_code error;
  auto text = util::read_file(path, error);
  if (!text) {
    return baseline_error(path, "cannot read the baseline");
  }
  return parse_baseline(*text, path);
}

core::Result<std::set<std::string>> parse_baseline(const std::string& text,
                                                   const std::string& path) {
  // No exceptions: a malformed file is an ordinary configuration error.
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return baseline_error(path, "the baseline is not a JSON object");
  }
  auto version = doc.find("version");
  if (version == doc.end() || *version != 1) {
    return baseline_error(path,
                          "unsupported baseline version (this npm-token-scan reads version 1)");
  }
  auto list = doc.find("fingerprints");
  if (list == doc.end() || !list->is_array()) {
    return baseline_error(path, "the baseline has no \"fingerprints\" array");
  }
  std::set<std::string> out;
  for (const auto& entry : *list) {
    if (!entry.is_string()) {
      return baseline_error(path, "every entry of \"fingerprints\" must be a string");
    }
    out.insert(entry.get<std::string>());
  }
  return out;
}

std::string baseline_text(const std::vector<core::Finding>& findings) {
  // Sorted and unique so that rewriting the baseline gives a reviewable diff.
  std::set<std::string> fingerprints;
  for (const auto& finding : findings) {
    if (!finding.fingerprint.empty()) {
      fingerprints.insert(finding.fingerprint);
    }
  }
  nlohmann::ordered_json doc = {{"version", 1}, {"fingerprints", fingerprints}};
  return doc.dump(2) + "\n";
}

core::Status write_baseline(const std::string& path, const std::vector<core::Finding>& findings) {
  if (auto failed = util::write_output_file(path, baseline_text(findings)); !failed.empty()) {
    return core::Error{"cannot write the baseline: " + failed, core::Location{path, 0, 0}, {}, {}};
  }
  return core::ok_status();
}

std::size_t apply_baseline(std::vector<core::Finding>& findings,
                           const std::set<std::string>& baseline,
                           std::vector<core::Finding>* accepted) {
  return move_out(findings, accepted,
                  [&](const core::Finding& f) { return baseline.count(f.fingerprint) > 0; });
}

}  // namespace nts::config
