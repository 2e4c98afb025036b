#pragma once

namespace nts::cli {

// The whole program: parses the command line, runs the command, prints errors,
// and returns the exit code (see exit_code.hpp). Nothing below cli/ prints or exits.
int run(int argc, char** argv);

}  // namespace nts::cli
