#include "workflow/shell.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace nts::workflow::shell {
namespace {

// Command substitutions nest; a hostile script must not recurse without end.
constexpr int k_max_depth = 8;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool is_operator_char(char c) {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}
bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class Splitter {
 public:
  Splitter(std::string_view script, std::size_t base, int depth)
      : m_s(script), m_base(base), m_depth(depth) {}

  std::vector<Command> run() {
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == '\\' && m_i + 1 < m_s.size() && m_s[m_i + 1] == '\n') {
        m_i += 2;  // line continuation: the command goes on
      } else if (is_blank(c)) {
        ++m_i;
      } else if (c == '\n') {
        ++m_i;
        finish_command();
        read_heredocs();
      } else if (c == '#') {
        while (m_i < m_s.size() && m_s[m_i] != '\n') {
          ++m_i;
        }
      } else if (c == ';' || c == '(' || c == ')') {
        ++m_i;
        finish_command();
      } else if (c == '&') {
        if (peek(1) == '>') {
          read_redirect();
        } else {
          m_i += peek(1) == '&' ? 2 : 1;
          finish_command();
        }
      } else if (c == '|') {
        bool pipe = peek(1) != '|';
        m_i += (peek(1) == '|' || peek(1) == '&') ? 2 : 1;
        finish_command();
        m_next_piped = pipe;
      } else if (c == '<' || c == '>') {
        read_redirect();
      } else {
        Word word = read_word();
        // `2>file`: a bare number glued to a redirection is its file descriptor.
        if (m_i < m_s.size() && (m_s[m_i] == '>' || m_s[m_i] == '<') && !word.quoted &&
            !word.text.empty() && std::all_of(word.text.begin(), word.text.end(), [](char d) {
              return std::isdigit(static_cast<unsigned char>(d));
            })) {
          read_redirect(word.text);
        } else {
          add_word(std::move(word));
        }
      }
    }
    finish_command();
    for (auto& extra : m_nested) {
      m_out.push_back(std::move(extra));
    }
    return std::move(m_out);
  }

 private:
  char peek(std::size_t ahead) const { return m_i + ahead < m_s.size() ? m_s[m_i + ahead] : '\0'; }

  void add_word(Word word) {
    if (m_current.words.empty() && m_current.redirects.empty()) {
      m_current.begin = word.begin;
    }
    m_current.end = word.end;
    m_current.words.push_back(std::move(word));
  }

  void finish_command() {
    if (!m_current.words.empty() || !m_current.redirects.empty()) {
      m_current.piped_from_previous = m_next_piped;
      m_out.push_back(std::move(m_current));
      if (m_pending_heredoc_owner == k_current) {
        m_pending_heredoc_owner = m_out.size() - 1;
      }
    }
    m_current = Command{};
    m_next_piped = false;
  }

  // Reads `>`, `>>`, `<<EOF`… and the word after it.
  void read_redirect(const std::string& fd = {}) {
    std::size_t start = m_i;
    std::string op = fd;
    while (m_i < m_s.size() &&
           (m_s[m_i] == '<' || m_s[m_i] == '>' || m_s[m_i] == '&' || m_s[m_i] == '|' ||
            m_s[m_i] == '-') &&
           op.size() < fd.size() + 3) {
      char c = m_s[m_i];
      // `>&2` and `<<-` are operators; a lone `&`/`|`/`-` after other text is not.
      if ((c == '&' && op.size() > fd.size() && op.back() != '>' && op.back() != '<') ||
          (c == '|' && op != fd + ">") || (c == '-' && op != fd + "<<")) {
        break;
      }
      op.push_back(c);
      ++m_i;
    }
    while (m_i < m_s.size() && is_blank(m_s[m_i])) {
      ++m_i;
    }
    Redirect redirect;
    redirect.op = op;
    if (m_i < m_s.size() && m_s[m_i] != '\n' && !is_operator_char(m_s[m_i])) {
      redirect.target = read_word();
    } else {
      redirect.target.begin = redirect.target.end = m_base + m_i;
    }
    if (m_current.words.empty() && m_current.redirects.empty()) {
      m_current.begin = m_base + start;
    }
    if (op.rfind("<<", 0) == std::string::npos || op.find("<<<") != std::string::npos) {
      m_current.redirects.push_back(std::move(redirect));
      return;
    }
    m_heredocs.push_back({redirect.target.text, op.find('-') != std::string::npos});
    m_pending_heredoc_owner = k_current;
    m_current.redirects.push_back(std::move(redirect));
  }

  // After a newline: the bodies of the here-documents opened on that line.
  void read_heredocs() {
    if (m_heredocs.empty()) {
      return;
    }
    Command* owner =
        m_pending_heredoc_owner < m_out.size() ? &m_out[m_pending_heredoc_owner] : nullptr;
    for (const auto& [delimiter, strip_tabs] : m_heredocs) {
      std::size_t body_begin = m_i;
      std::string body;
      while (m_i < m_s.size()) {
        auto line_end = m_s.find('\n', m_i);
        if (line_end == std::string_view::npos) {
          line_end = m_s.size();
        }
        std::string_view line = m_s.substr(m_i, line_end - m_i);
        m_i = std::min(m_s.size(), line_end + 1);
        std::string_view bare = line;
        while (!bare.empty() && (bare.back() == '\r' || bare.back() == ' ')) {
          bare.remove_suffix(1);
        }
        if (strip_tabs) {
          while (!bare.empty() && (bare.front() == '\t' || bare.front() == ' ')) {
            bare.remove_prefix(1);
          }
        }
        if (bare == delimiter) {
          break;
        }
        body.append(line);
        body.push_back('\n');
      }
      if (owner && owner->heredoc.empty()) {
        owner->heredoc = std::move(body);
        owner->heredoc_begin = m_base + body_begin;
      }
    }
    m_heredocs.clear();
    m_pending_heredoc_owner = k_none;
  }

  // Text up to the parenthesis that closes `$(` (quotes respected), whose
  // contents are split as commands of their own.
  void read_substitution(std::string& text, char close) {
    std::size_t inner_begin = m_i;
    int level = 1;
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == '\\' && m_i + 1 < m_s.size()) {
        m_i += 2;
        continue;
      }
      if (c == '\'' && close == ')') {
        auto end = m_s.find('\'', m_i + 1);
        m_i = end == std::string_view::npos ? m_s.size() : end + 1;
        continue;
      }
      if (close == ')' && c == '(') {
        ++level;
      } else if (c == close && --level == 0) {
        break;
      }
      ++m_i;
    }
    std::string_view inner = m_s.substr(inner_begin, m_i - inner_begin);
    text.append(inner);
    if (m_i < m_s.size()) {
      text.push_back(close);
      ++m_i;
    }
    if (m_depth < k_max_depth) {
      Splitter nested(inner, m_base + inner_begin, m_depth + 1);
      for (auto& command : nested.run()) {
        m_nested.push_back(std::move(command));
      }
    }
  }

  Word read_word() {
    Word word;
    word.begin = m_base + m_i;
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (is_blank(c) || c == '\n' || is_operator_char(c)) {
        break;
      }
      if (c == '\\') {
        if (peek(1) == '\n') {
          m_i += 2;
        } else if (m_i + 1 < m_s.size()) {
          word.text.push_back(m_s[m_i + 1]);
          m_i += 2;
        } else {
          ++m_i;
        }
      } else if (c == '\'') {
        word.quoted = true;
        auto end = m_s.find('\'', m_i + 1);
        if (end == std::string_view::npos) {
          end = m_s.size();
        }
        word.text.append(m_s.substr(m_i + 1, end - m_i - 1));
        m_i = std::min(m_s.size(), end + 1);
      } else if (c == '"') {
        word.quoted = true;
        ++m_i;
        read_double_quoted(word.text);
      } else if (c == '$' && peek(1) == '(') {
        word.text += "$(";
        m_i += 2;
        read_substitution(word.text, ')');
      } else if (c == '`') {
        word.text.push_back('`');
        ++m_i;
        read_substitution(word.text, '`');
      } else if (c == '$' && peek(1) == '{') {
        auto end = m_s.find('}', m_i);
        end = end == std::string_view::npos ? m_s.size() : end + 1;
        word.text.append(m_s.substr(m_i, end - m_i));
        m_i = end;
      } else {
        word.text.push_back(c);
        ++m_i;
      }
    }
    word.end = m_base + m_i;
    return word;
  }

  void read_double_quoted(std::string& text) {
    while (m_i < m_s.size() && m_s[m_i] != '"') {
      char c = m_s[m_i];
      if (c == '\\' && m_i + 1 < m_s.size()) {
        char next = m_s[m_i + 1];
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          text.push_back(next);
        } else if (next != '\n') {
          text.push_back(c);
          text.push_back(next);
        }
        m_i += 2;
      } else if (c == '$' && peek(1) == '(') {
        text += "$(";
        m_i += 2;
        read_substitution(text, ')');
      } else if (c == '`') {
        text.push_back('`');
        ++m_i;
        read_substitution(text, '`');
      } else {
        text.push_back(c);
        ++m_i;
      }
    }
    if (m_i < m_s.size()) {
      ++m_i;  // closing quote
    }
  }

  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  static constexpr std::size_t k_current = static_cast<std::size_t>(-2);

  std::string_view m_s;
  std::size_t m_base;
  int m_depth;
  std::size_t m_i = 0;
  Command m_current;
  bool m_next_piped = false;
  std::vector<Command> m_out;
  std::vector<Command> m_nested;
  std::vector<std::pair<std::string, bool>> m_heredocs;
  std::size_t m_pending_heredoc_owner = k_none;
};

bool is_assignment(const Word& word) {
  const auto& t = word.text;
  if (t.empty() || !is_name_start(t[0])) {
    return false;
  }
  auto eq = t.find('=');
  if (eq == std::string::npos) {
    return false;
  }
  return std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(eq), is_name_char);
}

bool is_keyword(const Word& word) {
  static const std::vector<std::string> keywords = {
      "if", "then", "else", "elif", "do",    "while",   "until", "!",       "{",   "}",
      "fi", "done", "esac", "time", "nohup", "command", "exec",  "builtin", "call"};
  return !word.quoted && std::find(keywords.begin(), keywords.end(), word.text) != keywords.end();
}

// Skips a wrapper's options; `with_value` lists the options that take the next word.
std::size_t skip_options(const std::vector<Word>& words, std::size_t i,
                         const std::vector<std::string>& with_value) {
  while (i < words.size() && words[i].text.size() > 1 && words[i].text[0] == '-') {
    if (words[i].text == "--") {
      return i + 1;
    }
    bool takes_value =
        std::find(with_value.begin(), with_value.end(), words[i].text) != with_value.end();
    i += takes_value ? 2 : 1;
  }
  return i;
}

}  // namespace

std::vector<Command> split(std::string_view script) {
  return Splitter(script, 0, 0).run();
}

namespace {

// A program that runs the rest of its argv as another command: its name (one
// word, or two for `docker run`), the options that take the next word as a
// value, and how many plain words (a duration, an image) come before the
// command it runs.
struct Wrapper {
  std::vector<std::string_view> name;
  std::vector<std::string> options_with_value;
  std::size_t operands = 0;
};

const std::vector<Wrapper>& wrappers() {
  static const std::vector<std::string> container_values = {
      "-e",           "--env",      "--env-file",     "-v",         "--volume",  "-w",
      "--workdir",    "-u",         "--user",         "--name",     "--network", "--net",
      "--entrypoint", "--mount",    "--platform",     "-p",         "--publish", "-l",
      "--label",      "-h",         "--hostname",     "-m",         "--memory",  "--cpus",
      "--add-host",   "--pull",     "--restart",      "--shm-size", "--ulimit",  "--device",
      "--cap-add",    "--cap-drop", "--security-opt", "--tmpfs",    "--gpus",    "--ipc",
      "--pid",        "--runtime",  "--log-driver",   "--log-opt",  "--cidfile", "--volumes-from",
      "--dns",        "-c",         "--cpu-shares"};
  static const std::vector<Wrapper> table = {
      {{"sudo"}, {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"}, 0},
      {{"env"}, {"-u", "-C", "-S", "--unset", "--chdir"}, 0},
      {{"timeout"}, {"-s", "--signal", "-k", "--kill-after"}, 1},
      {{"nice"}, {"-n", "--adjustment"}, 0},
      {{"ionice"}, {"-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "-u"}, 0},
      {{"stdbuf"}, {"-i", "-o", "-e", "--input", "--output", "--error"}, 0},
      {{"xvfb-run"},
       {"-n", "--server-num", "-s", "--server-args", "-f", "--auth-file", "-e", "--error-file",
        "-p", "--xauth-protocol", "-w", "--wait"},
       0},
      // xargs and GNU parallel run their command once per input line.
      {{"xargs"},
       {"-n", "--max-args", "-L", "--max-lines", "-I", "-P", "--max-procs", "-d", "--delimiter",
        "-E", "--eof", "-s", "--max-chars", "-a", "--arg-file"},
       0},
      {{"parallel"},
       {"-j", "--jobs", "--halt", "-S", "--sshlogin", "--delay", "--timeout", "--retries",
        "--joblog", "-a", "--arg-file", "--colsep", "-d", "--delimiter", "-I", "--results",
        "--tmpdir", "--env"},
       0},
      {{"setsid"}, {}, 0},
      {{"unbuffer"}, {}, 0},
      {{"chronic"}, {}, 0},
      // The command runs in a container, with what `-e` passes it: a publish
      // there is still this job's publish.
      {{"docker", "run"}, container_values, 1},
      {{"docker", "container", "run"}, container_values, 1},
      {{"podman", "run"}, container_values, 1},
  };
  return table;
}

// The wrapper `words` start with at `i`, if any.
const Wrapper* wrapper_at(const std::vector<Word>& words, std::size_t i) {
  for (const Wrapper& wrapper : wrappers()) {
    bool match = i + wrapper.name.size() <= words.size();
    for (std::size_t k = 0; match && k < wrapper.name.size(); ++k) {
      match = !words[i + k].quoted && words[i + k].text == wrapper.name[k];
    }
    if (match) {
      return &wrapper;
    }
  }
  return nullptr;
}

}  // namespace

// `find … -exec CMD ARGS ;` (or -execdir, -ok, -okdir, ending in `+`): the
// command, or nothing when `find` runs none.
std::optional<std::vector<Word>> find_exec(const std::vector<Word>& words, std::size_t i) {
  if (i >= words.size() || words[i].quoted || words[i].text != "find") {
    return std::nullopt;
  }
  for (std::size_t j = i + 1; j + 1 < words.size(); ++j) {
    const auto& flag = words[j].text;
    if (flag == "-exec" || flag == "-execdir" || flag == "-ok" || flag == "-okdir") {
      std::size_t end = j + 1;
      while (end < words.size() && words[end].text != ";" && words[end].text != "+") {
        ++end;
      }
      return std::vector<Word>(words.begin() + static_cast<std::ptrdiff_t>(j + 1),
                               words.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }
  return std::vector<Word>{};
}

std::vector<Word> effective(const Command& command, std::vector<std::string>* assignments) {
  const auto& words = command.words;
  std::size_t i = 0;
  while (i < words.size()) {
    if (auto exec = find_exec(words, i)) {
      return *exec;
    }

    if (is_keyword(words[i])) {
      ++i;
    } else if (is_assignment(words[i])) {
      if (assignments) {
        assignments->push_back(words[i].text);
      }
      ++i;
    } else if (const Wrapper* wrapper = wrapper_at(words, i)) {
      i = skip_options(words, i + wrapper->name.size(), wrapper->options_with_value) +
          wrapper->operands;
      // GNU parallel hands a quoted command line to a shell: that is `sh -c` it.
      if (wrapper->name.front() == "parallel" && i < words.size() && words[i].quoted &&
          words[i].text.find(' ') != std::string::npos) {
        return {Word{"sh", words[i].begin, words[i].begin, false},
                Word{"-c", words[i].begin, words[i].begin, false}, words[i]};
      }
    } else {
      break;
    }
  }
  return {words.begin() + static_cast<std::ptrdiff_t>(std::min(i, words.size())), words.end()};
}

std::vector<std::string> variables(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '$') {
      continue;
    }
    std::size_t start = i + 1;
    bool braced = text[start] == '{';
    if (braced) {
      ++start;
    }
    std::size_t end = start;
    while (end < text.size() && is_name_char(text[end])) {
      ++end;
    }
    if (end > start && is_name_start(text[start])) {
      out.emplace_back(text.substr(start, end - start));
    }
    i = end > i ? end - 1 : i;
  }
  return out;
}

}  // namespace nts::workflow::shell

namespace nts::workflow::shell {

std::string mask_expressions(std::string_view script) {
  std::string out(script);
  std::size_t at = 0;
  while ((at = out.find("${{", at)) != std::string::npos) {
    auto end = out.find("}}", at + 3);
    if (end == std::string::npos) {
      end = out.size();
    }
    for (std::size_t i = at; i < end; ++i) {
      if (out[i] == ' ' || out[i] == '\t') {
        out[i] = k_expression_space;
      }
    }
    at = end;
  }
  return out;
}

}  // namespace nts::workflow::shell
