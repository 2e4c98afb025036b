#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nts::util {

// Finds which of a small set of literal keywords occur in a buffer, ignoring
// ASCII case, in one pass (an Aho-Corasick automaton compiled to a dense DFA).
// This is the prefilter that keeps RE2 off the bytes that cannot match.
class KeywordScanner {
 public:
  explicit KeywordScanner(const std::vector<std::string>& keywords);

  // Bit i of the result is set when keywords[i] occurs in `text`. At most 64
  // keywords; the scan stops early once every keyword has been seen.
  std::uint64_t scan(std::string_view text) const;
  std::size_t size() const { return m_keyword_count; }

 private:
  std::vector<std::int32_t> m_next;    // state * 256 + byte -> state
  std::vector<std::uint64_t> m_output;  // keywords ending in each state
  std::size_t m_keyword_count = 0;
};

}  // namespace nts::util
