#pragma once

#include <map>
#include <string>

#include "core/repo_view.hpp"

namespace nts::fix {

// A repository view with some files replaced: the repository as it would be
// after the edits, for the re-analysis that checks them. A replaced file has
// no content id (its id named what it held before).
class OverlayView final : public core::ForwardingRepoView {
 public:
  OverlayView(const core::RepoView& base, const std::map<std::string, std::string>& changed)
      : ForwardingRepoView(base), m_changed(changed) {}
  std::optional<std::string> read(std::string_view path) const override {
    auto it = m_changed.find(std::string(path));
    return it != m_changed.end() ? std::optional<std::string>(it->second) : m_inner.read(path);
  }
  std::optional<std::uint64_t> size(std::string_view path) const override {
    auto it = m_changed.find(std::string(path));
    return it != m_changed.end() ? std::optional<std::uint64_t>(it->second.size())
                                 : m_inner.size(path);
  }
  std::optional<std::string> content_id(std::string_view path) const override {
    return m_changed.count(std::string(path)) > 0 ? std::nullopt : m_inner.content_id(path);
  }

 private:
  const std::map<std::string, std::string>& m_changed;
};

}  // namespace nts::fix
