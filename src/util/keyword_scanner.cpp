#include "util/keyword_scanner.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NTS_KEYWORD_AVX2 1
#endif

#include <algorithm>
#include <cstring>
#include <deque>
#include <stdexcept>

namespace nts::util {
namespace {
unsigned char fold(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}
// The SIMD path folds with a plain OR, which also maps a few non-letters onto
// each other ('_' and DEL): harmless for a prefilter, since RE2 verifies.
unsigned char fold_or(unsigned char c) {
  return c | 0x20;
}
constexpr std::uint64_t k_fold_word = 0x2020202020202020ULL;  // fold_or on 8 bytes

#if defined(NTS_KEYWORD_AVX2)
// The SSE2 loop below, 32 bytes at a time, on CPUs that have AVX2 (chosen at
// run time: the binary itself targets baseline x86-64). Returns where it stopped.
template <typename Verify>
__attribute__((target("avx2"))) std::size_t scan_blocks_avx2(const char* data, std::size_t size,
                                                             const unsigned char* firsts,
                                                             const unsigned char* seconds,
                                                             std::size_t pairs, Verify& verify) {
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  std::size_t i = 0;
  for (; i + 33 <= size; i += 32) {
    __m256i first =
        _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i)), case_bit);
    __m256i second = _mm256_or_si256(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i + 1)), case_bit);
    __m256i any = _mm256_setzero_si256();
    for (std::size_t p = 0; p < pairs; ++p) {
      __m256i a = _mm256_cmpeq_epi8(first, _mm256_set1_epi8(static_cast<char>(firsts[p])));
      __m256i b = _mm256_cmpeq_epi8(second, _mm256_set1_epi8(static_cast<char>(seconds[p])));
      any = _mm256_or_si256(any, _mm256_and_si256(a, b));
    }
    auto mask = static_cast<unsigned>(_mm256_movemask_epi8(any));
    while (mask != 0) {
      verify(i + static_cast<std::size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
  return i;
}

bool has_avx2() {
  static const bool available = __builtin_cpu_supports("avx2");
  return available;
}
#endif
}  // namespace

KeywordScanner::KeywordScanner(const std::vector<std::string>& keywords) {
  for (const auto& keyword : keywords) {
    std::string folded;
    for (char c : keyword) {
      folded += static_cast<char>(fold_or(static_cast<unsigned char>(c)));
    }
    m_keywords.push_back(folded);
    m_length.push_back(static_cast<std::uint32_t>(keyword.size()));
    std::uint64_t prefix = 0;
    std::uint64_t mask = 0;
    std::size_t bytes = std::min<std::size_t>(8, folded.size());
    std::memcpy(&prefix, folded.data(), bytes);
    std::memset(&mask, 0xff, bytes);
    m_prefix.push_back(prefix);
    m_prefix_mask.push_back(mask);
  }
  m_simd = !keywords.empty();
  for (std::size_t k = 0; k < m_keywords.size(); ++k) {
    if (m_keywords[k].size() < 2) {
      m_simd = false;
      continue;
    }
    auto a = static_cast<unsigned char>(m_keywords[k][0]);
    auto b = static_cast<unsigned char>(m_keywords[k][1]);
    bool found = false;
    for (auto& pair : m_pairs) {
      if (pair.first == a && pair.second == b) {
        pair.keywords |= std::uint64_t{1} << k;
        found = true;
      }
    }
    if (!found) {
      m_pairs.push_back({a, b, std::uint64_t{1} << k});
    }
  }
#if !defined(__SSE2__)
  m_simd = false;
#endif
  if (keywords.size() > 64) {
    throw std::invalid_argument("KeywordScanner supports at most 64 keywords");
  }
  // Trie first; -1 marks a missing edge until the failure links fill it in.
  m_next.assign(256, -1);
  m_output.assign(1, 0);
  for (std::size_t k = 0; k < keywords.size(); ++k) {
    std::int32_t state = 0;
    for (char c : keywords[k]) {  // the DFA folds letters only
      auto byte = fold(static_cast<unsigned char>(c));
      auto& edge = m_next[static_cast<std::size_t>(state) * 256 + byte];
      if (edge < 0) {
        edge = static_cast<std::int32_t>(m_output.size());
        m_output.push_back(0);
        m_next.resize(m_next.size() + 256, -1);
      }
      state = m_next[static_cast<std::size_t>(state) * 256 + byte];
    }
    m_output[static_cast<std::size_t>(state)] |= std::uint64_t{1} << k;
  }
  // Breadth-first: complete the automaton into a DFA.
  std::vector<std::int32_t> fail(m_output.size(), 0);
  std::deque<std::int32_t> queue;
  for (int b = 0; b < 256; ++b) {
    auto& edge = m_next[static_cast<std::size_t>(b)];
    if (edge < 0) {
      edge = 0;
    } else {
      queue.push_back(edge);
    }
  }
  while (!queue.empty()) {
    std::int32_t state = queue.front();
    queue.pop_front();
    auto s = static_cast<std::size_t>(state);
    m_output[s] |= m_output[static_cast<std::size_t>(fail[s])];
    for (int b = 0; b < 256; ++b) {
      auto& edge = m_next[s * 256 + static_cast<std::size_t>(b)];
      std::int32_t via_fail =
          m_next[static_cast<std::size_t>(fail[s]) * 256 + static_cast<std::size_t>(b)];
      if (edge < 0) {
        edge = via_fail;
      } else {
        fail[static_cast<std::size_t>(edge)] = via_fail;
        queue.push_back(edge);
      }
    }
  }
  // Upper-case bytes take the lower-case transitions.
  for (std::size_t s = 0; s < m_output.size(); ++s) {
    for (int b = 'A'; b <= 'Z'; ++b) {
      m_next[s * 256 + static_cast<std::size_t>(b)] =
          m_next[s * 256 + static_cast<std::size_t>(b - 'A' + 'a')];
    }
  }
}

std::uint64_t KeywordScanner::scan(std::string_view text, std::vector<KeywordHit>* hits) const {
  if (m_keywords.empty()) {
    return 0;
  }
  return m_simd ? scan_simd(text, hits) : scan_dfa(text, hits);
}

bool KeywordScanner::matches_at(std::string_view text, std::size_t at, std::size_t keyword) const {
  const std::string& word = m_keywords[keyword];
  if (at + word.size() > text.size()) {
    return false;
  }
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (fold_or(static_cast<unsigned char>(text[at + i])) != static_cast<unsigned char>(word[i])) {
      return false;
    }
  }
  return true;
}

std::uint64_t KeywordScanner::scan_simd(std::string_view text,
                                        std::vector<KeywordHit>* hits) const {
  std::uint64_t seen = 0;
  auto verify = [&](std::size_t at) {
    auto a = fold_or(static_cast<unsigned char>(text[at]));
    auto b = at + 1 < text.size() ? fold_or(static_cast<unsigned char>(text[at + 1])) : 0;
    // Common words share a keyword's first two bytes ("npm install" and
    // "npm_"): compare up to 8 folded bytes in one go before the rest.
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + at, std::min<std::size_t>(8, text.size() - at));
    word |= k_fold_word;
    for (const auto& pair : m_pairs) {
      if (pair.first != a || pair.second != b) {
        continue;
      }
      for (std::uint64_t left = pair.keywords; left != 0; left &= left - 1) {
        auto k = static_cast<std::size_t>(__builtin_ctzll(left));
        if ((word & m_prefix_mask[k]) == m_prefix[k] && matches_at(text, at, k)) {
          seen |= std::uint64_t{1} << k;
          if (hits != nullptr) {
            hits->push_back({static_cast<std::uint32_t>(k), at});
          }
        }
      }
    }
  };
  // The candidate positions of each block are the OR over the keyword pairs
  // of (byte i == first && byte i+1 == second), case-folded with | 0x20.
  unsigned char firsts[64];
  unsigned char seconds[64];
  std::size_t pairs = m_pairs.size();
  for (std::size_t p = 0; p < pairs; ++p) {
    firsts[p] = m_pairs[p].first;
    seconds[p] = m_pairs[p].second;
  }
  std::size_t i = 0;
#if defined(NTS_KEYWORD_AVX2)
  if (has_avx2()) {
    i = scan_blocks_avx2(text.data(), text.size(), firsts, seconds, pairs, verify);
  }
#endif
#if defined(__SSE2__)
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const char* data = text.data();
  for (; i + 17 <= text.size(); i += 16) {
    __m128i first =
        _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i)), case_bit);
    __m128i second =
        _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + 1)), case_bit);
    __m128i any = _mm_setzero_si128();
    for (std::size_t p = 0; p < pairs; ++p) {
      __m128i a = _mm_cmpeq_epi8(first, _mm_set1_epi8(static_cast<char>(firsts[p])));
      __m128i b = _mm_cmpeq_epi8(second, _mm_set1_epi8(static_cast<char>(seconds[p])));
      any = _mm_or_si128(any, _mm_and_si128(a, b));
    }
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(any));
    while (mask != 0) {
      verify(i + static_cast<std::size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < text.size(); ++i) {
    verify(i);
  }
  return seen;
}

std::uint64_t KeywordScanner::scan_dfa(std::string_view text, std::vector<KeywordHit>* hits) const {
  const std::size_t count = m_keywords.size();
  const std::uint64_t all = count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
  std::uint64_t seen = 0;
  std::size_t state = 0;
  const auto* next = m_next.data();
  const auto* output = m_output.data();
  for (std::size_t i = 0; i < text.size(); ++i) {
    state = static_cast<std::size_t>(next[state * 256 + static_cast<unsigned char>(text[i])]);
    if (output[state] != 0) {
      seen |= output[state];
      if (hits != nullptr) {
        for (std::size_t k = 0; k < count; ++k) {
          if ((output[state] >> k & 1) != 0) {
            hits->push_back({static_cast<std::uint32_t>(k), i + 1 - m_length[k]});
          }
        }
      } else if (seen == all) {
        break;
      }
    }
  }
  return seen;
}

}  // namespace nts::util
