# Precompiled headers for the heavy third-party and standard headers, so each translation unit stops re-parsing
# them. On in CI's sanitizer build (scripts/setup test); off by default, because a PCH hides a missing #include
# (every source sees every header of the set) and ccache caches PCH builds only with extra sloppiness settings.
option(PHOTOAUDIT_PCH "Precompile heavy third-party headers (CI's sanitizer build turns it on)" OFF)

# The header sets a target can ask for. Only third-party and standard headers: a photoaudit header in a PCH
# would let a lower target see a higher one's declarations.
set(PHOTOAUDIT_PCH_std
  <algorithm> <array> <cstddef> <cstdint> <cstdio> <filesystem> <fstream> <functional> <iostream> <map>
  <memory> <optional> <set> <sstream> <string> <string_view> <unordered_map> <utility> <vector>)
set(PHOTOAUDIT_PCH_opencv <opencv2/core.hpp> <opencv2/imgproc.hpp>)
set(PHOTOAUDIT_PCH_imgcodecs <opencv2/imgcodecs.hpp>)
set(PHOTOAUDIT_PCH_json <nlohmann/json.hpp>)
set(PHOTOAUDIT_PCH_cli11 <CLI/CLI.hpp>)
set(PHOTOAUDIT_PCH_yaml <yaml-cpp/yaml.h>)
# Not for the target whose source defines CATCH_CONFIG_MAIN (the PCH would include catch.hpp without it).
set(PHOTOAUDIT_PCH_catch2 <catch2/catch.hpp>)

# photoaudit_precompile_headers(TARGET SET...): TARGET's sources are compiled with a precompiled header of the
# named sets (std, opencv, imgcodecs, json, cli11, yaml, catch2) when PHOTOAUDIT_PCH is on; nothing otherwise.
# REQUIRES: TARGET links (PRIVATE is enough) the libraries whose headers the sets name.
function(photoaudit_precompile_headers target)
  if(NOT PHOTOAUDIT_PCH)
    return()
  endif()
  set(_headers)
  foreach(_set IN LISTS ARGN)
    if(NOT DEFINED PHOTOAUDIT_PCH_${_set})
      message(FATAL_ERROR "photoaudit_precompile_headers(${target}): no header set named '${_set}'")
    endif()
    list(APPEND _headers ${PHOTOAUDIT_PCH_${_set}})
  endforeach()
  target_precompile_headers(${target} PRIVATE ${_headers})
endfunction()
