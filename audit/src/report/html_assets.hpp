// The HTML report's own style sheet and script, and the Content-Security-Policy that allows exactly these two
// (by SHA-256 hash) plus data: images, and nothing else: no network, no other script, no inline handlers.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit::html {

// The style sheet, to go verbatim between <style> and </style>. Static storage.
std::string_view report_style();

// The filter script, to go verbatim between <script> and </script>. It reads only the page's own markup
// (data-filter checkboxes, data-severity findings, data-severities cards) and "#only=error,warning" in the
// address, hides what the ticked severities exclude, and marks <body data-filters="ready"> when set up.
std::string_view report_script();

// "default-src 'none'; img-src data:; style-src 'sha256-...'; script-src 'sha256-...'; ..." for the
// <meta http-equiv="Content-Security-Policy"> of the page.
std::string content_security_policy();

}  // namespace photoaudit::audit::html
