// The range walk diffs only the file versions whose added lines can change
// what the visitor reports (git::SourceOptions::finding_lines): on random
// histories full of fake tokens, inline ignores, copied lines, shrinking
// files, reverts and renames, every visit must look the same to the visitor
// with the shortcut as without it, and with one thread as with two.
#include <map>
#include <random>
#include <sstream>

#include "detect/npm_token.hpp"
#include "git/blob_source.hpp"
#include "scan/git_scan.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/detector_fixture.hpp"
#include "tests/support/repo_builder.hpp"

using namespace nts;
using nts::test::RepoBuilder;

namespace {

// A random history: main, a feature branch off it, both moving on, one merge
// of main into the feature branch. Files gain, lose and swap lines; some lines
// carry tokens (made here, never stored in the source), some an inline ignore.
class RandomHistory {
 public:
  explicit RandomHistory(unsigned seed) : m_rng(seed), m_seed(seed) {
    for (const char* path : {"a.txt", "src/b.js", ".npmrc", "deploy.sh", "docs/c.md"}) {
      m_files[path] = {"start " + std::string(path)};
      write(path, m_files[path]);
    }
    commits(6);
    m_repo.branch("feature");
    auto main_files = m_files;
    m_repo.checkout("feature");
    commits(12);
    std::swap(m_files, main_files);
    m_repo.checkout("main");
    commits(4);
    std::swap(m_files, main_files);
    m_repo.checkout("feature");
    m_repo.merge("main", "merge main", date());
    for (auto& [path, lines] : main_files) {
      m_files[path] = lines;  // theirs wins where it differs, as RepoBuilder::merge does
    }
    commits(10);
  }
  const RepoBuilder& repo() const { return m_repo; }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
  }

  std::string line() {
    std::string token = detect::make_npm_token(m_seed * 1000 + m_tokens++);
    switch (pick(9)) {
      case 0:
        return "//registry.npmjs.org/:_authToken=" + token;
      case 1:
        return "NPM_TOKEN=" + token + "  # npm-token-scan: ignore[npm-access-token]";
      case 2:
        return "# npm-token-scan: ignore[npm-access-token]";
      case 3:
        return "token=" + token;
      default:
        return "words " + std::to_string(pick(20));  // repeats: lines copied between files
    }
  }

  void edit(std::vector<std::string>& lines) {
    switch (pick(6)) {
      case 0:  // shrink: the new version may add nothing
        if (lines.size() > 1) {
          lines.erase(lines.begin() + static_cast<long>(pick(lines.size())));
        }
        break;
      case 1:  // the same size or smaller, with a new line
        if (!lines.empty()) {
          lines[pick(lines.size())] = line();
        }
        break;
      case 2: {  // copy a line of another file
        const auto& other =
            std::next(m_files.begin(), static_cast<long>(pick(m_files.size())))->second;
        if (!other.empty()) {
          lines.insert(lines.begin() + static_cast<long>(pick(lines.size() + 1)),
                       other[pick(other.size())]);
        }
        break;
      }
      case 3:  // back to an earlier version: its blob comes again
        if (!m_old.empty()) {
          lines = m_old[pick(m_old.size())];
        }
        break;
      default:
        lines.insert(lines.begin() + static_cast<long>(pick(lines.size() + 1)), line());
    }
  }

  void commits(int count) {
    for (int c = 0; c < count; ++c) {
      for (std::size_t n = pick(3) + 1; n-- > 0;) {
        auto file = std::next(m_files.begin(), static_cast<long>(pick(m_files.size())));
        m_old.push_back(file->second);
        edit(file->second);
        write(file->first, file->second);
      }
      if (pick(8) == 0) {  // a rename, keeping the content
        auto file = std::next(m_files.begin(), static_cast<long>(pick(m_files.size())));
        std::string to = file->first + ".moved";
        m_repo.rename(file->first, to);
        m_files[to] = file->second;
        m_files.erase(file);
      }
      m_repo.commit("change", date());
    }
  }

  void write(const std::string& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& l : lines) {
      text += l + "\n";
    }
    m_repo.write(path, text);
  }

  std::string date() {
    ++m_day;
    std::ostringstream out;
    out << "2024-" << (m_day / 28 + 1 < 10 ? "0" : "") << m_day / 28 + 1 << "-"
        << (m_day % 28 + 1 < 10 ? "0" : "") << m_day % 28 + 1;
    return out.str();
  }

  std::mt19937 m_rng;
  unsigned m_seed;
  std::uint64_t m_tokens = 0;
  int m_day = 0;
  std::map<std::string, std::vector<std::string>> m_files;
  std::vector<std::vector<std::string>> m_old;
  RepoBuilder m_repo;
};

// What scan_git's visit of each blob depends on: the blob's attributes and,
// on each line its scan reports or counts, whether the line is new and its commit.
std::string visits(const RepoBuilder& builder, const std::string& base, const std::string& head,
                   bool shortcut, unsigned jobs = 2,
                   std::size_t max_blob_size = std::size_t{64} << 20) {
  const detect::Detector& detector = test::builtin_detector();
  git::SourceOptions options;
  options.jobs = jobs;  // 2: the trees are merged on a thread of their own
  options.max_blob_size = max_blob_size;
  if (shortcut) {
    options.finding_lines = [&](std::string_view content, const std::string& path) {
      return scan::visited_lines(detector, content, path);
    };
  }
  std::ostringstream out;
  auto repo = git::Repository::open(builder.path());
  REQUIRE(repo.ok());
  auto result = git::scan_range(*repo, base, head, options, [&](const git::BlobToScan& blob) {
    out << blob.path << " " << (blob.commit ? blob.commit->sha : "-") << " " << blob.at_head << " "
        << blob.order << " " << blob.content.size() << ":";
    for (int line : scan::visited_lines(detector, blob.content, blob.path)) {
      const auto& commit = blob.commit_for_line(line);
      out << " " << line << (blob.reports_line(line) ? "+" : "-")
          << (commit ? commit->sha.substr(0, 8) : "none");
    }
    out << "\n";
  });
  REQUIRE(result.ok());
  out << "blobs " << result->blobs << " bytes " << result->bytes << " commits " << result->commits
      << "\n";
  for (const core::ScanIssue& issue : result->issues) {
    out << "issue " << issue.path << " " << issue.line << " " << issue.message << "\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("range shortcut: every visit is the same with and without it, on random histories") {
  int reporting = 0;  // ranges where some finding is on a new line
  int ranges = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    RandomHistory history(seed);
    std::vector<std::pair<std::string, std::string>> pairs{{"main", "feature"},
                                                           {"feature~9", "feature"},
                                                           {"feature~3", "feature~1"},
                                                           {"feature", "main"}};
    for (int k = 0; k < 8; ++k) {  // single commits: a change that only drops lines adds nothing
      pairs.emplace_back("feature~" + std::to_string(k + 1), "feature~" + std::to_string(k));
    }
    for (const auto& [base, head] : pairs) {
      INFO("seed " << seed << ", " << base << ".." << head);
      std::string with = visits(history.repo(), base, head, true);
      std::string without = visits(history.repo(), base, head, false);
      CHECK(with == without);
      CHECK(visits(history.repo(), base, head, true, 1) == with);
      // Blobs over the size limit are noted, never visited: their lines never matter.
      CHECK(visits(history.repo(), base, head, true, 2, 120) ==
            visits(history.repo(), base, head, false, 2, 120));
      reporting += with.find('+') != std::string::npos ? 1 : 0;
      ++ranges;
    }
  }
  CHECK(reporting > ranges / 4);
}
