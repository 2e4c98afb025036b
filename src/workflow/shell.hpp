#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nts::workflow::shell {

// One word of a simple command after quote removal. `begin`/`end` are byte
// offsets of the raw word in the script, so evidence can point at the source.
struct Word {
  std::string text;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool quoted = false;  // any part was quoted (a quoted word is never an operator)
};

struct Redirect {
  std::string op;  // ">", ">>", "<", "<<", "<<-", "<<<", "2>", "&>" ...
  Word target;     // file name or here-doc delimiter
};

// A simple command: what runs between two control operators (&&, ||, ;, |, &,
// newline). The splitter is POSIX-ish on purpose: workflows mostly run bash and
// the publish commands we look for have the same shape in pwsh.
struct Command {
  std::vector<Word> words;  // assignments and wrappers included (see effective())
  std::vector<Redirect> redirects;
  std::string heredoc;               // body of a here-document fed to this command
  std::size_t heredoc_begin = 0;     // offset of the body in the script
  std::size_t begin = 0;             // offset of the first word
  std::size_t end = 0;               // offset after the last word
  bool piped_from_previous = false;  // `a | b`: b reads a's output
};

// Splits a script into simple commands. Never fails: unbalanced quotes run to
// the end of the script, as bash would complain but we still want the words.
// Command substitutions `$(…)` and backticks stay inside their word; their
// contents are also emitted as commands of their own (a publish can hide there).
std::vector<Command> split(std::string_view script);

// The argv that actually runs: leading `NAME=value` assignments, shell
// keywords (if/then/do/!/time) and wrappers (sudo with its options, env with
// its assignments and options, command, exec, nohup, timeout with its
// duration, nice, stdbuf, xvfb-run, `docker run` with its options and image...)
// are dropped.
// `assignments` receives NAME=value pairs found on the way (for env tracking).
std::vector<Word> effective(const Command& command,
                            std::vector<std::string>* assignments = nullptr);

// Every `$NAME`, `${NAME}` in text (shell expansion), for token tracing.
std::vector<std::string> variables(std::string_view text);

}  // namespace nts::workflow::shell

namespace nts::workflow::shell {

// GitHub expands `${{ … }}` before the shell runs, so the spaces inside an
// expression never separate words. Returns `script` with those spaces turned
// into k_expression_space (same length, so offsets stay valid; a control
// character, so it can never extend a secret's name).
inline constexpr char k_expression_space = '\x1f';
std::string mask_expressions(std::string_view script);

}  // namespace nts::workflow::shell
