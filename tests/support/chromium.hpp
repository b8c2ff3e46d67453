// Runs Debian's headless Chromium on a page the test wrote (HTML report tests): the DOM after the page's
// scripts ran, or a screenshot. Every run gets a fresh, empty profile directory (removed afterwards) and the
// flags that keep Chromium off the network (no component updates, no sync, no background requests).
#pragma once

#include <string>

#include "support/run_binary.hpp"

namespace photoaudit::test {

// The Chromium executable on PATH ("chromium", then "chromium-browser"), or "" when there is none
// (scripts/setup test installs Debian's chromium package).
std::string find_chromium();

// Loads url (e.g. "file:///tmp/x/report.html#only=error") and returns Chromium's --dump-dom output in out:
// the serialized DOM after load and after the page's scripts ran. Chromium is killed after timeout_seconds
// (exit status 124 or 137 then). Throws std::runtime_error when no Chromium is installed.
RunResult chromium_dump_dom(const std::string& url, int timeout_seconds = 90);

// Loads url in a width x height window and writes a PNG screenshot to png_path. Same timeout and throws.
RunResult chromium_screenshot(const std::string& url, const std::string& png_path, int width, int height,
                              int timeout_seconds = 90);

}  // namespace photoaudit::test
