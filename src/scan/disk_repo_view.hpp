#pragma once

#include <string>
#include <vector>

#include "core/repo_view.hpp"

namespace nts::scan {

// A RepoView over the files a work-tree scan reads, straight from disk.
class DiskRepoView final : public core::RepoView {
 public:
  DiskRepoView(std::string root, std::vector<std::string> paths, std::optional<std::string> remote);
  const std::vector<std::string>& paths() const override { return m_paths; }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::uint64_t> size(std::string_view path) const override;
  std::optional<std::string> remote_url() const override { return m_remote; }

 private:
  std::string m_root;
  std::vector<std::string> m_paths;
  std::optional<std::string> m_remote;
};

}  // namespace nts::scan
