#include "org/shard.hpp"

#include <charconv>

namespace nts::org {

core::Result<Shard> parse_shard(std::string_view text) {
  core::Error usage{"--shard: '" + std::string(text) + "' is not I/N with 0 <= I < N",
                    {},
                    "example: --shard 0/4 ... --shard 3/4 split the list into four parts",
                    {}};
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return usage;
  }
  Shard shard;
  auto parse = [](std::string_view part, unsigned& value) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  if (!parse(text.substr(0, slash), shard.index) || !parse(text.substr(slash + 1), shard.count) ||
      shard.count == 0 || shard.index >= shard.count) {
    return usage;
  }
  return shard;
}

std::uint64_t shard_hash(std::string_view repository) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : repository) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  return hash;
}

bool in_shard(std::string_view repository, const Shard& shard) {
  return shard_hash(repository) % shard.count == shard.index;
}

std::vector<std::string> select_shard(const std::vector<std::string>& repositories,
                                      const Shard& shard) {
  std::vector<std::string> out;
  for (const auto& repository : repositories) {
    if (in_shard(repository, shard)) {
      out.push_back(repository);
    }
  }
  return out;
}

}  // namespace nts::org
