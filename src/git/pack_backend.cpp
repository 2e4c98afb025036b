#include "git/pack_backend.hpp"

#include <git2/sys/odb_backend.h>

#include <cstdint>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "git/handle.hpp"
#include "gitfmt/pack_reader.hpp"

namespace nts::git {
namespace {

using gitfmt::PackReader;

// Above libgit2's packed (2) and loose (1) backends, so we are asked first.
constexpr int k_priority = 10;

// libgit2 hands callbacks the git_odb_backend pointer: it must be the first
// member of a standard-layout struct to get back to the reader.
struct PackBackend {
  git_odb_backend parent;
  PackReader* reader;
};
static_assert(std::is_standard_layout_v<PackBackend>);

PackReader& reader_of(git_odb_backend* backend) {
  return *reinterpret_cast<PackBackend*>(backend)->reader;
}

// Decoded bytes go straight into the buffer libgit2 will own (and free), with
// the terminating NUL libgit2's own pack reader adds.
class OdbBufferSink final : public gitfmt::ObjectSink {
 public:
  explicit OdbBufferSink(git_odb_backend* backend) : m_backend(backend) {}
  ~OdbBufferSink() {
    if (m_data != nullptr) {
      git_odb_backend_data_free(m_backend, m_data);
    }
  }
  OdbBufferSink(const OdbBufferSink&) = delete;
  OdbBufferSink& operator=(const OdbBufferSink&) = delete;

  unsigned char* allocate(std::size_t size) override {
    if (size == SIZE_MAX) {
      throw std::bad_alloc();
    }
    m_data = static_cast<unsigned char*>(git_odb_backend_data_alloc(m_backend, size + 1));
    if (m_data == nullptr) {
      throw std::bad_alloc();
    }
    m_data[size] = 0;
    m_size = size;
    return m_data;
  }
  void release(void** data, std::size_t* size) {
    *data = m_data;
    *size = m_size;
    m_data = nullptr;
  }

 private:
  git_odb_backend* m_backend;
  unsigned char* m_data = nullptr;
  std::size_t m_size = 0;
};

int report(PackReader::Outcome outcome, const std::string& error) {
  switch (outcome) {
    case PackReader::Outcome::found:
      return 0;
    case PackReader::Outcome::not_found:
      return GIT_ENOTFOUND;
    case PackReader::Outcome::too_large:
      git_error_set_str(GIT_ERROR_ODB, error.c_str());
      return k_object_over_limit;
    case PackReader::Outcome::corrupt:
      break;
  }
  git_error_set_str(GIT_ERROR_ODB, error.c_str());
  return GIT_ERROR;
}

int out_of_memory() {
  git_error_set_oom();
  return GIT_ERROR;
}

int read_object(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                const git_oid* oid) {
  try {
    OdbBufferSink sink(backend);
    std::string error;
    gitfmt::ObjectType decoded = gitfmt::ObjectType::invalid;
    PackReader::Outcome outcome = reader_of(backend).read(from_git(*oid), decoded, sink, error);
    *type = to_git(decoded);
    if (outcome == PackReader::Outcome::found) {
      sink.release(data, size);
    }
    return report(outcome, error);
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  }
}

int read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend,
                const git_oid* oid) {
  try {
    std::string error;
    gitfmt::ObjectType decoded = gitfmt::ObjectType::invalid;
    int status =
        report(reader_of(backend).read_header(from_git(*oid), decoded, *size, error), error);
    *type = to_git(decoded);
    return status;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  }
}

int exists(git_odb_backend* backend, const git_oid* oid) {
  return reader_of(backend).contains(from_git(*oid)) ? 1 : 0;
}

// libgit2's own pack backend, still below this one, lists the same objects:
// listing them here too would report each one twice.
int list_nothing(git_odb_backend*, git_odb_foreach_cb, void*) {
  return 0;
}

void free_backend(git_odb_backend* backend) {
  auto* self = reinterpret_cast<PackBackend*>(backend);
  delete self->reader;
  delete self;
}

}  // namespace

git_odb_backend* new_pack_backend(std::shared_ptr<const gitfmt::PackSet> packs,
                                  std::size_t cache_bytes, std::size_t max_object_bytes) {
  auto* backend = new PackBackend{};
  git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION);
  backend->reader = new PackReader(std::move(packs), cache_bytes, max_object_bytes);
  backend->parent.read = read_object;
  backend->parent.read_header = read_header;
  backend->parent.exists = exists;
  backend->parent.foreach = list_nothing;
  backend->parent.free = free_backend;
  return &backend->parent;
}

core::Status add_pack_backend(git_repository* repo, std::shared_ptr<const gitfmt::PackSet> packs,
                              std::size_t cache_bytes, std::size_t max_object_bytes) {
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo) != 0) {
    return last_error("cannot open the object database");
  }
  OdbPtr owned_odb(odb);
  git_odb_backend* backend = new_pack_backend(std::move(packs), cache_bytes, max_object_bytes);
  if (git_odb_add_backend(odb, backend, k_priority) != 0) {
    free_backend(backend);
    return last_error("cannot add the pack reader to the object database");
  }
  return core::ok_status();
}

core::Result<RepositoryPtr> open_handle_reading_packs(const Repository& repo,
                                                      std::size_t cache_bytes,
                                                      std::size_t max_object_bytes) {
  auto handle = open_private_handle(repo);
  if (!handle) {
    return handle;
  }
  // libgit2 re-hashes every object it reads (a quarter of a range scan's
  // instructions); `git cat-file` and `git log` do not. What our reader
  // decodes is still checked by zlib's checksum of each entry. The option is
  // process-wide, as the history scan's (tune_libgit2_for_history) is.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  if (auto packs = open_repository_packs(handle->get())) {
    if (auto added =
            add_pack_backend(handle->get(), std::move(packs), cache_bytes, max_object_bytes);
        !added) {
      return added.error();
    }
  }
  return handle;
}

std::shared_ptr<const gitfmt::PackSet> open_repository_packs(git_repository* repo) {
  // The common directory: a linked work tree (`git worktree add`) shares the main one's objects.
  std::string objects_dir = std::string(git_repository_commondir(repo)) + "objects";
  std::vector<std::string> skipped;  // libgit2 reads those packs, and reports their errors
  std::shared_ptr<const gitfmt::PackSet> packs = gitfmt::PackSet::open(objects_dir, skipped);
  return packs->size() == 0 ? nullptr : packs;
}

}  // namespace nts::git
