#include "util/keyword_scanner.hpp"

#include <deque>
#include <stdexcept>

namespace nts::util {
namespace {
unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
}  // namespace

KeywordScanner::KeywordScanner(const std::vector<std::string>& keywords)
    : m_keyword_count(keywords.size()) {
  if (keywords.size() > 64) {
    throw std::invalid_argument("KeywordScanner supports at most 64 keywords");
  }
  // Trie first; -1 marks a missing edge until the failure links fill it in.
  m_next.assign(256, -1);
  m_output.assign(1, 0);
  for (std::size_t k = 0; k < keywords.size(); ++k) {
    std::int32_t state = 0;
    for (char c : keywords[k]) {
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
      std::int32_t via_fail = m_next[static_cast<std::size_t>(fail[s]) * 256 + static_cast<std::size_t>(b)];
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
      m_next[s * 256 + static_cast<std::size_t>(b)] = m_next[s * 256 + static_cast<std::size_t>(b - 'A' + 'a')];
    }
  }
}

std::uint64_t KeywordScanner::scan(std::string_view text) const {
  if (m_keyword_count == 0) {
    return 0;
  }
  const std::uint64_t all =
      m_keyword_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m_keyword_count) - 1;
  std::uint64_t seen = 0;
  std::size_t state = 0;
  const auto* next = m_next.data();
  const auto* output = m_output.data();
  for (unsigned char byte : text) {
    state = static_cast<std::size_t>(next[state * 256 + byte]);
    if (output[state] != 0) {
      seen |= output[state];
      if (seen == all) {
        break;
      }
    }
  }
  return seen;
}

}  // namespace nts::util
