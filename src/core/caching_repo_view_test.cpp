#include "core/caching_repo_view.hpp"

#include "tests/support/catch.hpp"

using namespace nts::core;

namespace {

// Counts the reads that reach the view below.
class CountingView final : public RepoView {
 public:
  explicit CountingView(const RepoView& inner) : m_inner(inner) {}
  const std::vector<std::string>& paths() const override { return m_inner.paths(); }
  std::optional<std::string> read(std::string_view path) const override {
    ++reads;
    return m_inner.read(path);
  }
  std::optional<std::uint64_t> size(std::string_view path) const override {
    ++sizes;
    return m_inner.size(path);
  }
  std::optional<std::string> remote_url() const override { return m_inner.remote_url(); }
  mutable int reads = 0;
  mutable int sizes = 0;

 private:
  const RepoView& m_inner;
};

}  // namespace

TEST_CASE("caching repo view: each file read once, misses and sizes remembered, bounded") {
  MemoryRepoView files;
  files.add("package.json", R"({"name": "widgets"})");
  files.add("packages/a/package.json", std::string(100, 'a'));
  CountingView counting(files);
  CachingRepoView cached(counting, 100);  // room for package.json, not for the second file
  for (int i = 0; i < 3; ++i) {
    CHECK(cached.read("package.json") == std::optional<std::string>(R"({"name": "widgets"})"));
    CHECK_FALSE(cached.read("missing.json"));
    CHECK(cached.size("package.json") == 19u);
    CHECK_FALSE(cached.size("other.json"));
  }
  CHECK(counting.reads == 2);
  CHECK(counting.sizes == 1);  // the size of a file already read comes from its bytes
  // Over the bound: read through, every time, and still correct.
  CHECK(cached.read("packages/a/package.json")->size() == 100);
  CHECK(cached.read("packages/a/package.json")->size() == 100);
  CHECK(counting.reads == 4);
  CHECK(cached.paths() == files.paths());
}
