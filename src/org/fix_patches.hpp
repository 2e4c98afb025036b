#pragma once

#include <cstddef>
#include <mutex>
#include <set>
#include <string>

#include "core/error.hpp"

namespace nts::org {

// `org --fix-dir DIR`: one `git format-patch` style file per repository that
// has something to fix, named after the repository (owner-name.patch; any
// character other than letters, digits, '.', '_' and '-' becomes '_', a
// second repository with the same name gets -2, -3 …). Files are never
// written through a symbolic link. Safe to call from several threads.
class FixPatchFiles {
 public:
  explicit FixPatchFiles(std::string dir) : m_dir(std::move(dir)) {}
  // The file name written (inside the folder), or why it could not be.
  core::Result<std::string> write(const std::string& repository, const std::string& patch);
  std::size_t failed() const;

 private:
  std::string m_dir;
  mutable std::mutex m_mutex;
  std::set<std::string> m_used;
  std::size_t m_failed = 0;
};

// The file name a repository's patch gets before any -2 suffix.
std::string patch_file_stem(const std::string& repository);

}  // namespace nts::org
