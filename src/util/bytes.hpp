#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::util {

// A compact binary record for caches: fixed-width little-endian numbers and
// length-prefixed strings, appended to one buffer.
class ByteWriter {
 public:
  void u64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) {
      m_out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
  }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void raw(std::string_view bytes) { m_out.append(bytes); }
  void str(std::string_view text) {
    u64(text.size());
    raw(text);
  }
  template <typename Strings>
  void strings(const Strings& values) {
    u64(values.size());
    for (const auto& value : values) {
      str(value);
    }
  }
  const std::string& bytes() const { return m_out; }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

// Reads what ByteWriter wrote. The bytes come from a file anyone may have
// damaged: every read is bounds-checked, and after the first one that runs
// past the end every read fails (ok() is false) instead of returning garbage.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : m_rest(bytes) {}
  std::uint64_t u64() {
    if (!take(8)) {
      return 0;
    }
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
      value |= std::uint64_t{static_cast<unsigned char>(m_taken[i])} << (8 * i);
    }
    return value;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string_view raw(std::size_t size) { return take(size) ? m_taken : std::string_view(); }
  std::string str() {
    std::uint64_t size = u64();
    return std::string(raw(size));
  }
  std::vector<std::string> strings() {
    std::vector<std::string> out;
    for (std::uint64_t n = count(8); n > 0 && ok(); --n) {
      out.push_back(str());
    }
    return out;
  }
  // A count of items at least `item_bytes` long each: more than the rest
  // could hold fails, so a damaged count never reserves gigabytes.
  std::uint64_t count(std::size_t item_bytes) {
    std::uint64_t value = u64();
    if (item_bytes != 0 && value > m_rest.size() / item_bytes) {
      m_ok = false;
      m_rest = {};
      return 0;
    }
    return value;
  }
  bool ok() const { return m_ok; }
  bool at_end() const { return m_rest.empty(); }

 private:
  bool take(std::uint64_t size) {
    if (!m_ok || size > m_rest.size()) {
      m_ok = false;
      m_rest = {};
      m_taken = {};
      return false;
    }
    m_taken = m_rest.substr(0, size);
    m_rest.remove_prefix(size);
    return true;
  }
  std::string_view m_rest;
  std::string_view m_taken;
  bool m_ok = true;
};

}  // namespace nts::util
