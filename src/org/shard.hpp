#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace nts::org {

// `--shard I/N`: I in [0, N) (0-based, as Kubernetes' JOB_COMPLETION_INDEX).
struct Shard {
  unsigned index = 0;
  unsigned count = 1;
};

core::Result<Shard> parse_shard(std::string_view text);

// FNV-1a 64 of the repository string: the same on every machine and every
// run, whatever the list order, so N machines split one list without talking.
std::uint64_t shard_hash(std::string_view repository);
bool in_shard(std::string_view repository, const Shard& shard);
std::vector<std::string> select_shard(const std::vector<std::string>& repositories,
                                      const Shard& shard);

}  // namespace nts::org
