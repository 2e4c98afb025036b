#pragma once

#include <map>
#include <string>

#include "core/repo_view.hpp"

namespace nts::fix {

// A repository view with some files replaced: the repository as it would be
// after the edits, for the re-analysis that checks them.
class OverlayView final : public core::RepoView {
 public:
  OverlayView(const core::RepoView& base, const std::map<std::string, std::string>& changed)
      : m_base(base), m_changed(changed) {}
  const std::vector<std::string>& paths() const override { return m_base.paths(); }
  std::optional<std::string> read(std::string_view path) const override {
    auto it = m_changed.find(std::string(path));
    return it != m_changed.end() ? std::optional<std::string>(it->second) : m_base.read(path);
  }
  std::optional<std::uint64_t> size(std::string_view path) const override {
    auto it = m_changed.find(std::string(path));
    return it != m_changed.end() ? std::optional<std::uint64_t>(it->second.size())
                                 : m_base.size(path);
  }
  std::optional<std::string> remote_url() const override { return m_base.remote_url(); }

 private:
  const core::RepoView& m_base;
  const std::map<std::string, std::string>& m_changed;
};

}  // namespace nts::fix
