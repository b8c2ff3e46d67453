# photoaudit_sanitizers: the sanitizers every target is built with.
#   PHOTOAUDIT_SANITIZE -> AddressSanitizer (with its leak checker) + UndefinedBehaviorSanitizer: CI's build/test.
#   PHOTOAUDIT_TSAN     -> ThreadSanitizer: CI's build/tsan (scripts/tsan). TSan cannot be combined with ASan.
option(PHOTOAUDIT_TSAN "Build with ThreadSanitizer (scripts/tsan); not together with PHOTOAUDIT_SANITIZE" OFF)
if(PHOTOAUDIT_SANITIZE AND PHOTOAUDIT_TSAN)
  message(FATAL_ERROR "PHOTOAUDIT_SANITIZE (ASan+UBSan) and PHOTOAUDIT_TSAN cannot be combined: use two build dirs")
endif()

option(PHOTOAUDIT_FUZZ "Build the libFuzzer targets of tests/fuzz with clang (scripts/fuzz); implies ASan+UBSan" OFF)
add_library(photoaudit_sanitizers INTERFACE)
if(PHOTOAUDIT_FUZZ)
  # Every library is instrumented for coverage; only the fuzz targets link libFuzzer's main.
  target_compile_options(photoaudit_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(photoaudit_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(PHOTOAUDIT_SANITIZE)
  target_compile_options(photoaudit_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(photoaudit_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(PHOTOAUDIT_TSAN)
  target_compile_options(photoaudit_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(photoaudit_sanitizers INTERFACE -fsanitize=thread)
endif()

# photoaudit_add_library(NAME SOURCES...): a photoaudit library with include/ as its public headers.
function(photoaudit_add_library name)
  set(_sources ${ARGN})
  if(NOT _sources)
    # A library whose first source is not written yet still configures.
    set(_sources ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp)
    file(WRITE ${_sources} "// no sources yet\n")
  endif()
  add_library(${name} STATIC ${_sources})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(${name} PRIVATE photoaudit_warnings PUBLIC photoaudit_sanitizers)
endfunction()
