#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/repo_view.hpp"

namespace nts::core {

// A RepoView that reads each file once: the workflow analysis asks for the
// same package.json from every job that publishes workspaces (a 341-package
// monorepo with 12 workflows read 2,056 package.json files for 341 paths).
// Sizes and misses are remembered too. Once `max_cached_bytes` are held,
// further files are read through without being kept, so a hostile repository
// cannot make the cache hold more than that.
class CachingRepoView final : public ForwardingRepoView {
 public:
  explicit CachingRepoView(const RepoView& inner,
                           std::uint64_t max_cached_bytes = std::uint64_t{64} << 20)
      : ForwardingRepoView(inner), m_max_bytes(max_cached_bytes) {}
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::uint64_t> size(std::string_view path) const override;

 private:
  const std::uint64_t m_max_bytes;
  mutable std::mutex m_mutex;
  mutable std::uint64_t m_bytes = 0;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> m_files;
  mutable std::map<std::string, std::optional<std::uint64_t>, std::less<>> m_sizes;
};

}  // namespace nts::core
