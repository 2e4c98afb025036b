#include "org/fix_patches.hpp"

#include <cctype>

#include "util/output_file.hpp"

namespace nts::org {

std::string patch_file_stem(const std::string& repository) {
  std::string stem;
  for (char c : repository) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    stem += c == '/' ? '-' : plain ? c : '_';
    if (stem.size() >= 120) {
      break;
    }
  }
  // Never hidden, never "." or "..", never empty.
  while (!stem.empty() && (stem.front() == '.' || stem.front() == '-')) {
    stem.erase(stem.begin());
  }
  return stem.empty() ? "repository" : stem;
}

core::Result<std::string> FixPatchFiles::write(const std::string& repository,
                                               const std::string& patch) {
  std::string name;
  {
    std::lock_guard lock(m_mutex);
    auto stem = patch_file_stem(repository);
    name = stem + ".patch";
    for (int n = 2; !m_used.insert(name).second; ++n) {
      name = stem + "-" + std::to_string(n) + ".patch";
    }
  }
  std::string path = m_dir + "/" + name;
  if (auto failed = util::write_output_file(path, patch); !failed.empty()) {
    std::lock_guard lock(m_mutex);
    ++m_failed;
    return core::Error{"cannot write the patch: " + failed, core::Location{path, 0, 0}, {}, {}};
  }
  return name;
}

std::size_t FixPatchFiles::failed() const {
  std::lock_guard lock(m_mutex);
  return m_failed;
}

}  // namespace nts::org
