// The scheme of a URL, for the layers above page that tell files from URLs (without libcurl's headers).
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit::page {

// The scheme of an absolute URL, lower-case ("https"), or "" when url does not start with a valid scheme
// followed by ':'. Leading ASCII whitespace is skipped as browsers do.
std::string url_scheme(std::string_view url);

}  // namespace photoaudit::audit::page
