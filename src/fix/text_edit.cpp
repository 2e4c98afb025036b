#include "fix/text_edit.hpp"

#include <algorithm>

namespace nts::fix {

Lines::Lines(std::string_view text) : m_text(text) {
  m_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      if (m_starts.size() == 1) {
        m_crlf = i > 0 && text[i - 1] == '\r';
      }
      if (i + 1 < text.size()) {
        m_starts.push_back(i + 1);
      }
    }
  }
}

std::size_t Lines::end(std::size_t line) const {
  return line + 1 < m_starts.size() ? m_starts[line + 1] : m_text.size();
}

std::size_t Lines::line_of(std::size_t offset) const {
  auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  return static_cast<std::size_t>(it - m_starts.begin()) - 1;
}

std::string_view Lines::text(std::size_t line) const {
  auto view = m_text.substr(start(line), end(line) - start(line));
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) {
    view.remove_suffix(1);
  }
  return view;
}

int Lines::indent(std::size_t line) const {
  auto view = text(line);
  std::size_t spaces = view.find_first_not_of(' ');
  if (spaces == std::string_view::npos || view[spaces] == '#') {
    return -1;
  }
  return static_cast<int>(spaces);
}

bool apply_edits(std::string_view original, std::vector<TextEdit> edits, std::string* out) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const TextEdit& x, const TextEdit& y) { return x.begin < y.begin; });
  std::string result;
  std::size_t at = 0;
  for (const auto& edit : edits) {
    if (edit.begin < at || edit.end < edit.begin || edit.end > original.size()) {
      return false;
    }
    result.append(original.substr(at, edit.begin - at));
    result += edit.text;
    at = edit.end;
  }
  result.append(original.substr(at));
  *out = std::move(result);
  return true;
}

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto eol = text.find('\n', start);
    std::size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

void add_line(std::string& out, char sign, std::string_view line) {
  out += sign;
  out.append(line);
  if (line.empty() || line.back() != '\n') {
    out += "\n\\ No newline at end of file\n";
  }
}

}  // namespace

// The common prefix and suffix are context; an LCS over the lines between them
// keeps unchanged lines between two edits as context too.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after) {
  if (before == after) {
    return {};
  }
  auto a = split_lines(before);
  auto b = split_lines(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  // LCS table over the middle parts.
  std::size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  // Far-apart edits in a huge file: show the middle as replaced rather than
  // spend quadratic memory (still a correct diff, only a longer one).
  const bool small = n * m <= 4'000'000;
  std::vector<std::vector<unsigned>> lcs(small ? n + 1 : 1,
                                         std::vector<unsigned>(small ? m + 1 : 1, 0));
  for (std::size_t i = small ? n : 0; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1
                                                 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  // The edit script: ' ' keep, '-' remove, '+' add; with line indexes.
  struct Op {
    char sign;
    std::size_t ai, bi;
  };
  std::vector<Op> ops;
  for (std::size_t i = 0; i < prefix; ++i) {
    ops.push_back({' ', i, i});
  }
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (!small) {
      if (i < n) {
        ops.push_back({'-', prefix + i++, prefix + j});
      } else {
        ops.push_back({'+', prefix + i, prefix + j++});
      }
    } else if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
      ops.push_back({' ', prefix + i++, prefix + j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', prefix + i++, prefix + j});  // removals first, as git shows them
    } else {
      ops.push_back({'+', prefix + i, prefix + j++});
    }
  }
  for (std::size_t k = 0; k < suffix; ++k) {
    ops.push_back({' ', a.size() - suffix + k, b.size() - suffix + k});
  }
  std::string out =
      "diff --git a/" + path + " b/" + path + "\n--- a/" + path + "\n+++ b/" + path + "\n";
  const std::size_t context = 3;
  std::size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].sign == ' ') {
      ++k;
    }
    if (k == ops.size()) {
      break;
    }
    std::size_t first = k >= context ? k - context : 0;
    // Extend while changes are within 2*context kept lines of each other.
    std::size_t last = k;
    std::size_t scan = k;
    while (scan < ops.size()) {
      if (ops[scan].sign != ' ') {
        last = scan;
        ++scan;
        continue;
      }
      std::size_t run = scan;
      while (run < ops.size() && ops[run].sign == ' ') {
        ++run;
      }
      if (run < ops.size() && run - scan <= 2 * context) {
        scan = run;
        continue;
      }
      break;
    }
    std::size_t stop = std::min(ops.size(), last + 1 + context);
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t x = first; x < stop; ++x) {
      a_count += ops[x].sign != '+';
      b_count += ops[x].sign != '-';
    }
    std::size_t a_start = ops[first].ai + (a_count ? 1 : 0);
    std::size_t b_start = ops[first].bi + (b_count ? 1 : 0);
    out += "@@ -" + std::to_string(a_start) + "," + std::to_string(a_count) + " +" +
           std::to_string(b_start) + "," + std::to_string(b_count) + " @@\n";
    for (std::size_t x = first; x < stop; ++x) {
      const auto& op = ops[x];
      add_line(out, op.sign, op.sign == '+' ? b[op.bi] : a[op.ai]);
    }
    k = stop;
  }
  return out;
}

}  // namespace nts::fix
