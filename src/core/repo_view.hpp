#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::core {

// Read access to the files of one snapshot of a repository (a work tree, the
// index, or a commit's tree), for analyses that need more than one file: the
// workflow analysis reads package.json, .nvmrc, .npmrc... next to a workflow.
// Paths are relative to the repository root, '/'-separated.
class RepoView {
 public:
  virtual ~RepoView() = default;
  // Every file path in the snapshot, sorted.
  virtual const std::vector<std::string>& paths() const = 0;
  // The file's bytes, or nullopt when it does not exist or cannot be read.
  virtual std::optional<std::string> read(std::string_view path) const = 0;
  // The URL of the `origin` remote (or the first remote), when known.
  virtual std::optional<std::string> remote_url() const = 0;
};

// A RepoView over files held in memory: for tests, fuzzers and `rules test`.
class MemoryRepoView final : public RepoView {
 public:
  void add(std::string path, std::string content);
  void set_remote_url(std::string url) { m_remote = std::move(url); }
  const std::vector<std::string>& paths() const override { return m_paths; }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::string> remote_url() const override { return m_remote; }

 private:
  std::vector<std::string> m_paths;
  std::vector<std::string> m_contents;
  std::optional<std::string> m_remote;
};

}  // namespace nts::core
