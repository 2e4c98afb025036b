#pragma once

#include <functional>
#include <mutex>
#include <set>

#include "core/repo_view.hpp"

namespace nts::core {

// A RepoView that remembers every path it was asked to read or size, found
// or not: the files an analysis depends on. A staged or range scan holds the
// change against this set to know whether the analysis' outcome can differ,
// and a test holds analysis_reads() to it.
class RecordingRepoView final : public ForwardingRepoView {
 public:
  explicit RecordingRepoView(const RepoView& inner) : ForwardingRepoView(inner) {}
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::uint64_t> size(std::string_view path) const override;
  // Every path read or sized so far, sorted.
  std::set<std::string, std::less<>> read_paths() const;
  bool was_read(std::string_view path) const;

 private:
  void record(std::string_view path) const;
  mutable std::mutex m_mutex;
  mutable std::set<std::string, std::less<>> m_read;
};

}  // namespace nts::core
