# `cmake --install`: the photoaudit executable (with OpenCV's codecs module next to it, where it looks first:
# hashing/src/opencv_codecs.cpp), its man page and its bash and zsh completions. The man page is made by help2man
# from `photoaudit --help` (docs/photoaudit.h2m adds the sections --help has not); the completions are the output
# of `photoaudit completion bash|zsh`, generated from the CLI's own subcommands and options, so neither can drift
# from the program. Both run the built binary at build time (leak checking off: a sanitizer build's tools run
# without the tests' suppressions).
include(GNUInstallDirs)

install(TARGETS photoaudit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS photoaudit_opencv_codecs LIBRARY DESTINATION ${CMAKE_INSTALL_BINDIR})

set(_run_photoaudit ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)
set(_generated ${CMAKE_BINARY_DIR}/share)

foreach(_shell bash zsh)
  add_custom_command(OUTPUT ${_generated}/photoaudit.${_shell}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_generated}
    COMMAND ${_run_photoaudit} sh -c "exec \"$0\" completion ${_shell} > \"$1\"" $<TARGET_FILE:photoaudit>
            ${_generated}/photoaudit.${_shell}
    DEPENDS photoaudit
    COMMENT "Generating the ${_shell} completion of photoaudit"
    VERBATIM)
endforeach()
add_custom_target(photoaudit_completions ALL DEPENDS ${_generated}/photoaudit.bash ${_generated}/photoaudit.zsh)
# What `cmake --install` needs besides the executable: a build of `--target photoaudit` alone (scripts/setup
# release) names this target too.
add_custom_target(photoaudit_install_files DEPENDS photoaudit_completions)
install(FILES ${_generated}/photoaudit.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME photoaudit)
install(FILES ${_generated}/photoaudit.zsh DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
  RENAME _photoaudit)

find_program(PHOTOAUDIT_HELP2MAN help2man)
if(PHOTOAUDIT_HELP2MAN)
  set(_include ${PROJECT_SOURCE_DIR}/docs/photoaudit.h2m)
  add_custom_command(OUTPUT ${_generated}/photoaudit.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_generated}
    COMMAND ${_run_photoaudit} ${PHOTOAUDIT_HELP2MAN} --no-info --no-discard-stderr
            --name "media-provenance and photo-credit auditor" --section 1 --include ${_include}
            --output ${_generated}/photoaudit.1 $<TARGET_FILE:photoaudit>
    DEPENDS photoaudit ${_include}
    COMMENT "Generating the man page photoaudit.1 (help2man)"
    VERBATIM)
  add_custom_target(photoaudit_man ALL DEPENDS ${_generated}/photoaudit.1)
  add_dependencies(photoaudit_install_files photoaudit_man)
  install(FILES ${_generated}/photoaudit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page is built or installed (scripts/setup installs help2man)")
endif()
