# rules/**/*.yaml are data compiled into the binary, so the Action and the
# pre-commit hook need nothing beside the executable. nts_embed_rules() is
# called from the directory of the target that compiles the generated file
# (CMake runs a custom command only for targets in its own directory).
file(GLOB_RECURSE NTS_RULE_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/rules/*.yaml")
list(SORT NTS_RULE_FILES)
set(NTS_EMBEDDED_RULES_CPP "${CMAKE_BINARY_DIR}/generated/embedded_rules.cpp")

function(nts_embed_rules)
  add_custom_command(
    OUTPUT "${NTS_EMBEDDED_RULES_CPP}"
    COMMAND "${CMAKE_COMMAND}" -DOUT=${NTS_EMBEDDED_RULES_CPP} "-DFILES=${NTS_RULE_FILES}"
            -DROOT=${CMAKE_SOURCE_DIR} -P "${CMAKE_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake"
    DEPENDS ${NTS_RULE_FILES} "${CMAKE_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake"
    COMMENT "Embedding rule files"
    VERBATIM)
endfunction()
