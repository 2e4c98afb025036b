#include "workflow/task_files.hpp"

#include "tests/support/catch.hpp"

using namespace nts::workflow;

TEST_CASE("makefile: plain variables expand in recipes, functions and $$ as make reads them") {
  auto task = tasks::makefile_target(
      "NPM ?= npm\n"
      "FLAGS := --access public\n"
      "PUBLISH = $(NPM) publish ${FLAGS}\n"
      "release:\n"
      "\t@$(PUBLISH)\n"
      "\techo $(shell date) $$HOME $(UNSET)\n",
      "release");
  REQUIRE(task.found);
  REQUIRE(task.steps.size() == 2);
  CHECK(task.steps[0].command == "npm publish --access public");
  CHECK(task.steps[1].command == "echo $(shell date) $HOME $(UNSET)");
}

TEST_CASE("makefile: variables built to explode stay bounded") {
  std::string makefile;
  for (const char* name : {"A", "B", "C"}) {
    std::string next = std::string(1, static_cast<char>(name[0] + 1));
    makefile += std::string(name) + " = ";
    for (int i = 0; i < 200; ++i) {
      makefile += "$(" + next + ")";
    }
    makefile += "\n";
  }
  makefile += "D = npm publish\nrelease:\n\t$(A)\n";  // 200^3 copies unbounded
  auto task = tasks::makefile_target(makefile, "release");
  REQUIRE(task.steps.size() == 1);
  CHECK(task.steps[0].command.size() <= 64 * 1024);
  CHECK(task.steps[0].command.rfind("npm publish", 0) == 0);
}
