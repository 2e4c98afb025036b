#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::util {

template <typename E>
struct Spelling {
  E value;
  std::string_view text;
};

// An enum's spellings written once and read both ways: to text for the
// writers, from text for the readers (flags, rule files, stored reports), and
// as the list of choices an error or a flag's help shows.
template <typename E, std::size_t N>
struct EnumTable {
  std::array<Spelling<E>, N> entries;

  // The value's spelling; the first entry's for a value not in the table.
  constexpr std::string_view name(E value) const {
    for (const auto& entry : entries) {
      if (entry.value == value) {
        return entry.text;
      }
    }
    return entries.front().text;
  }

  constexpr std::optional<E> parse(std::string_view text) const {
    for (const auto& entry : entries) {
      if (entry.text == text) {
        return entry.value;
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : entries) {
      out.emplace_back(entry.text);
    }
    return out;
  }

  // "a, b, c or d", for "must be …" messages.
  std::string choices() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) {
        out += i + 1 == N ? " or " : ", ";
      }
      out += entries[i].text;
    }
    return out;
  }
};

}  // namespace nts::util
