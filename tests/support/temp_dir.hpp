#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nts::test {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::string str() const { return m_path.string(); }
  // Writes `content` to `relative` (parent folders created); returns the absolute path.
  std::filesystem::path write(std::string_view relative, std::string_view content) const;

 private:
  std::filesystem::path m_path;
};

std::string read_file(const std::filesystem::path& path);

}  // namespace nts::test
