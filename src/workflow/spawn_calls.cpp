#include "workflow/spawn_calls.hpp"

#include <algorithm>
#include <set>

namespace nts::workflow {
namespace {

bool is_identifier(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The quoted literal that starts at `at` (', " or `), its escapes undone;
// `at` moves past it. Python's triple quotes read as an empty literal
// followed by the inner one, which gives the same words.
std::string read_literal(std::string_view text, std::size_t& at) {
  char quote = text[at++];
  std::string out;
  while (at < text.size() && text[at] != quote) {
    if (text[at] == '\\' && quote != '`' && at + 1 < text.size()) {
      ++at;
    }
    out += text[at++];
  }
  ++at;  // the closing quote (or past the end)
  return out;
}

// The arguments of the call whose text starts at `at` (after the name): up to
// the bracket that closes the first one opened, or the end of the line for a
// call written without parentheses (`system "npm publish"` in Ruby).
std::vector<std::string> call_literals(std::string_view text, std::size_t at) {
  std::vector<std::string> words;
  int depth = 0;
  bool bracketed = false;
  bool joinable = true;  // only literals and separators so far: one argv
  while (at < text.size()) {
    char c = text[at];
    if (c == '"' || c == '\'' || c == '`') {
      std::string literal = read_literal(text, at);
      if (!literal.empty()) {
        words.push_back(std::move(literal));
      }
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
      bracketed = true;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth <= 0) {
        break;
      }
    } else if (c == '\n' && !bracketed) {
      break;
    } else if (c == ';' && depth <= 0) {
      break;
    } else if (c != ',' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && !words.empty()) {
      // `["npm", "publish", name]`: the literals before a variable still say
      // what runs; what comes after it is not one argv with them.
      joinable = false;
    }
    if (!joinable) {
      break;
    }
    ++at;
  }
  return words;
}

}  // namespace

std::vector<SpawnedCommand> spawned_commands(std::string_view text,
                                             const std::vector<std::string>& calls) {
  std::vector<SpawnedCommand> out;
  std::set<std::size_t> read;  // where arguments start: `os.system` is also `system`
  for (const std::string& call : calls) {
    for (std::size_t at = text.find(call); at != std::string_view::npos;
         at = text.find(call, at + 1)) {
      std::size_t end = at + call.size();
      if ((at > 0 && is_identifier(text[at - 1])) ||
          (end < text.size() && is_identifier(text[end]))) {
        continue;
      }
      if (!read.insert(end).second) {
        continue;
      }
      std::vector<std::string> words = call_literals(text, end);
      if (words.empty()) {
        continue;
      }
      SpawnedCommand command;
      for (const std::string& word : words) {
        command.command += (command.command.empty() ? "" : " ") + word;
      }
      command.line = static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
      out.push_back(std::move(command));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const SpawnedCommand& a, const SpawnedCommand& b) { return a.line < b.line; });
  return out;
}

}  // namespace nts::workflow
