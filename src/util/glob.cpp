#include "util/glob.hpp"

#include <string>
#include <vector>

namespace nts::util {
namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto slash = text.find('/', start);
    if (slash == std::string_view::npos) {
      slash = text.size();
    }
    if (slash > start) {
      out.push_back(text.substr(start, slash - start));  // empty segments ("a//b") are dropped
    }
    start = slash + 1;
  }
  return out;
}

// One segment: `*` and `?` within a name. Backtracks only to the last `*`,
// which is linear in practice and quadratic at worst.
bool segment_match(std::string_view glob, std::string_view name) {
  std::size_t g = 0, n = 0;
  std::size_t star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (g < glob.size() && (glob[g] == '?' || glob[g] == name[n])) {
      ++g;
      ++n;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_n = n;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') {
    ++g;
  }
  return g == glob.size();
}

// Whole-path match over segments; `**` segments match any number of them.
// Dynamic programming over (glob segment, path segment): no exponential case.
bool segments_match(const std::vector<std::string_view>& glob,
                    const std::vector<std::string_view>& path) {
  const std::size_t columns = path.size() + 1;
  // reach[i * columns + j]: glob[i..] matches path[j..].
  std::vector<char> reach((glob.size() + 1) * columns, 0);
  reach[glob.size() * columns + path.size()] = 1;
  for (std::size_t i = glob.size(); i-- > 0;) {
    for (std::size_t j = path.size() + 1; j-- > 0;) {
      bool ok;
      if (glob[i] == "**") {
        ok = reach[(i + 1) * columns + j] || (j < path.size() && reach[i * columns + j + 1]);
      } else {
        ok = j < path.size() && segment_match(glob[i], path[j]) && reach[(i + 1) * columns + j + 1];
      }
      reach[i * columns + j] = ok ? 1 : 0;
    }
  }
  return reach[0] != 0;
}

std::string_view strip_root(std::string_view glob) {
  while (glob.substr(0, 2) == "./") {
    glob.remove_prefix(2);
  }
  while (!glob.empty() && glob.front() == '/') {
    glob.remove_prefix(1);
  }
  return glob;
}

}  // namespace

bool glob_match(std::string_view glob, std::string_view path) {
  glob = strip_root(glob);
  bool anchored = glob.find('/') != std::string_view::npos &&
                  glob.find('/') != glob.size() - 1;  // "dir/" alone is still a name
  auto glob_segments = split(glob);
  if (!anchored) {
    glob_segments.insert(glob_segments.begin(), "**");
  }
  // A directory matches everything below it: try the path and each parent
  // (only the parents when the glob ends in '/', which names a directory).
  auto path_segments = split(path);
  std::size_t deepest = path_segments.size() - (!glob.empty() && glob.back() == '/' ? 1 : 0);
  for (std::size_t depth = deepest; depth > 0 && depth <= path_segments.size(); --depth) {
    std::vector<std::string_view> prefix(path_segments.begin(),
                                         path_segments.begin() + static_cast<long>(depth));
    if (segments_match(glob_segments, prefix)) {
      return true;
    }
  }
  return false;
}

bool glob_names_a_directory(std::string_view glob) {
  glob = strip_root(glob);
  auto segments = split(glob);
  // A trailing '/' names a directory: then the last segment is one too.
  std::size_t directories = !glob.empty() && glob.back() == '/' ? segments.size()
                            : segments.empty()                  ? 0
                                                                : segments.size() - 1;
  for (std::size_t i = 0; i < directories; ++i) {
    auto segment = segments[i];
    bool literal =
        segment.find_first_of("*?") == std::string_view::npos && segment != "." && segment != "..";
    if (literal) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> normalize_relative_path(std::string_view path, AboveRoot above) {
  std::vector<std::string_view> parts;
  for (std::string_view part : split(path)) {
    if (part == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      } else if (above == AboveRoot::refuse) {
        return std::nullopt;
      }
    } else if (part != ".") {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) {
      out += '/';
    }
    out += part;
  }
  return out;
}

}  // namespace nts::util
