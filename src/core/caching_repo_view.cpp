#include "core/caching_repo_view.hpp"

namespace nts::core {

std::optional<std::string> CachingRepoView::read(std::string_view path) const {
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_files.find(path); it != m_files.end()) {
      return it->second;
    }
  }
  auto text = m_inner.read(path);
  std::lock_guard lock(m_mutex);
  std::uint64_t bytes = text ? text->size() : 0;
  if (m_bytes + bytes <= m_max_bytes) {
    m_bytes += bytes;
    m_files.emplace(std::string(path), text);
  }
  return text;
}

std::optional<std::uint64_t> CachingRepoView::size(std::string_view path) const {
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_files.find(path); it != m_files.end()) {
      return it->second ? std::optional<std::uint64_t>(it->second->size()) : std::nullopt;
    }
    if (auto it = m_sizes.find(path); it != m_sizes.end()) {
      return it->second;
    }
  }
  auto size = m_inner.size(path);
  std::lock_guard lock(m_mutex);
  m_sizes.emplace(std::string(path), size);
  return size;
}

}  // namespace nts::core
