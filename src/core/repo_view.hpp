#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::core {

// Read access to the files of one snapshot of a repository (a work tree, the
// index, or a commit's tree), for analyses that need more than one file: the
// workflow analysis reads package.json, .nvmrc, .npmrc... next to a workflow.
// Paths are relative to the repository root, '/'-separated.
class RepoView {
 public:
  virtual ~RepoView() = default;
  // Every file path in the snapshot, sorted.
  virtual const std::vector<std::string>& paths() const = 0;
  // The file's bytes, or nullopt when it does not exist or cannot be read.
  virtual std::optional<std::string> read(std::string_view path) const = 0;
  // The file's size in bytes without reading it where the view can (a stat, a
  // git object's header), so a caller can refuse a huge file before it is
  // held in memory; nullopt when the file does not exist.
  virtual std::optional<std::uint64_t> size(std::string_view path) const {
    auto text = read(path);
    return text ? std::optional<std::uint64_t>(text->size()) : std::nullopt;
  }
  // The URL of the `origin` remote (or the first remote), when known.
  virtual std::optional<std::string> remote_url() const = 0;
  // An id that changes whenever the file's bytes do (a git blob id), where the
  // view knows one without reading the file; nullopt when it does not or the
  // file does not exist. Lets a cache tell that files are unchanged.
  virtual std::optional<std::string> content_id(std::string_view) const { return std::nullopt; }
};

// Reads `path` only when it is at most `max_bytes` (the size is asked first,
// so a huge file is never read): a repository's files are hostile, and YAML
// costs far more to parse than to read. nullopt when missing or larger; then
// `*size_out` holds the size if the file exists.
std::optional<std::string> read_at_most(const RepoView& view, std::string_view path,
                                        std::uint64_t max_bytes,
                                        std::optional<std::uint64_t>* size_out = nullptr);

// A RepoView that hands every call to another one: the base of views that
// change only how files are read (RecordingRepoView, CachingRepoView).
class ForwardingRepoView : public RepoView {
 public:
  explicit ForwardingRepoView(const RepoView& inner) : m_inner(inner) {}
  const std::vector<std::string>& paths() const override { return m_inner.paths(); }
  std::optional<std::string> read(std::string_view path) const override {
    return m_inner.read(path);
  }
  std::optional<std::uint64_t> size(std::string_view path) const override {
    return m_inner.size(path);
  }
  std::optional<std::string> remote_url() const override { return m_inner.remote_url(); }
  std::optional<std::string> content_id(std::string_view path) const override {
    return m_inner.content_id(path);
  }

 protected:
  const RepoView& m_inner;
};

// A RepoView over files held in memory: for tests, fuzzers and `rules test`.
class MemoryRepoView final : public RepoView {
 public:
  void add(std::string path, std::string content);
  void set_remote_url(std::string url) { m_remote = std::move(url); }
  const std::vector<std::string>& paths() const override { return m_paths; }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::string> remote_url() const override { return m_remote; }

 private:
  std::vector<std::string> m_paths;
  std::vector<std::string> m_contents;
  std::optional<std::string> m_remote;
};

}  // namespace nts::core
