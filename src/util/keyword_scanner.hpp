#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nts::util {

// Where a keyword occurs.
struct KeywordHit {
  std::uint32_t keyword = 0;
  std::size_t offset = 0;
};

// Finds a small set of literal keywords in a buffer, ignoring ASCII case. This
// is the prefilter that keeps RE2 off bytes that cannot match, so it must run
// near memory speed: with SSE2 it compares the first two (case-folded) bytes of
// every keyword against 16 positions at a time and verifies only the
// candidates; elsewhere an Aho-Corasick DFA does the same work a byte at a time.
class KeywordScanner {
 public:
  explicit KeywordScanner(const std::vector<std::string>& keywords);

  // Bit i of the result is set when keywords[i] occurs in `text` (at most 64
  // keywords). When `hits` is given, every occurrence is appended to it.
  std::uint64_t scan(std::string_view text, std::vector<KeywordHit>* hits = nullptr) const;
  std::size_t size() const { return m_keywords.size(); }

 private:
  std::uint64_t scan_dfa(std::string_view text, std::vector<KeywordHit>* hits) const;
  std::uint64_t scan_simd(std::string_view text, std::vector<KeywordHit>* hits) const;
  bool matches_at(std::string_view text, std::size_t at, std::size_t keyword) const;

  std::vector<std::string> m_keywords;  // case-folded with | 0x20 (see fold())
  std::vector<std::int32_t> m_next;     // DFA: state * 256 + byte -> state
  std::vector<std::uint64_t> m_output;  // keywords ending in each state
  std::vector<std::uint32_t> m_length;  // keyword lengths, for hit offsets
  // The first 8 folded bytes of each keyword (fewer: the mask covers them),
  // compared in one go before matches_at().
  std::vector<std::uint64_t> m_prefix;
  std::vector<std::uint64_t> m_prefix_mask;
  struct Pair {
    unsigned char first, second;
    std::uint64_t keywords;  // which keywords start with this pair
  };
  std::vector<Pair> m_pairs;
  bool m_simd = false;
};

}  // namespace nts::util
