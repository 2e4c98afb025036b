#include "core/repo_view.hpp"

#include <algorithm>

namespace nts::core {

void MemoryRepoView::add(std::string path, std::string content) {
  auto at = std::lower_bound(m_paths.begin(), m_paths.end(), path);
  auto index = static_cast<std::size_t>(at - m_paths.begin());
  if (at != m_paths.end() && *at == path) {
    m_contents[index] = std::move(content);
    return;
  }
  m_paths.insert(at, std::move(path));
  m_contents.insert(m_contents.begin() + static_cast<std::ptrdiff_t>(index), std::move(content));
}

std::optional<std::string> MemoryRepoView::read(std::string_view path) const {
  auto at = std::lower_bound(m_paths.begin(), m_paths.end(), path);
  if (at == m_paths.end() || *at != path) {
    return std::nullopt;
  }
  return m_contents[static_cast<std::size_t>(at - m_paths.begin())];
}

}  // namespace nts::core
