# photoaudit_warnings: the warning set for photoaudit's own code (CI turns on -Werror).
add_library(photoaudit_warnings INTERFACE)
target_compile_options(photoaudit_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(PHOTOAUDIT_WERROR)
  target_compile_options(photoaudit_warnings INTERFACE -Werror)
endif()
