#include "gitfmt/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nts::gitfmt {
namespace {

core::Error file_error(const std::string& path, const std::string& what) {
  core::Error error;
  error.message = path + ": " + what;
  return error;
}

}  // namespace

core::Result<MappedFile> MappedFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return file_error(path, std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || info.st_size <= 0) {
    ::close(fd);
    return file_error(path, "empty or unreadable file");
  }
  auto size = static_cast<std::size_t>(info.st_size);
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) {
    return file_error(path, std::strerror(errno));
  }
  return MappedFile(static_cast<const unsigned char*>(mapped), size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept : m_data(other.m_data), m_size(other.m_size) {
  other.m_data = nullptr;
}

void MappedFile::release_resident() const {
  if (m_data != nullptr) {
    ::madvise(const_cast<unsigned char*>(m_data), m_size, MADV_DONTNEED);
  }
}

MappedFile::~MappedFile() {
  if (m_data != nullptr) {
    ::munmap(const_cast<unsigned char*>(m_data), m_size);
  }
}

}  // namespace nts::gitfmt
