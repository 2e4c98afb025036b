#include "core/repo_view.hpp"

#include <algorithm>

namespace nts::core {

std::optional<std::string> read_at_most(const RepoView& view, std::string_view path,
                                        std::uint64_t max_bytes,
                                        std::optional<std::uint64_t>* size_out) {
  auto size = view.size(path);
  if (size_out != nullptr) {
    *size_out = size;
  }
  if (!size || *size > max_bytes) {
    return std::nullopt;
  }
  auto text = view.read(path);
  if (text && text->size() > max_bytes) {  // changed since size() was asked
    return std::nullopt;
  }
  return text;
}

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
