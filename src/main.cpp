#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return nts::cli::run(argc, argv);
}
