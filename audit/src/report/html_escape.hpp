// Escaping for the HTML report. Everything in an AuditReport that came from an image or a page (paths,
// captions, credits, messages, thumbnails) is attacker-controlled: it goes into the page only as escaped text
// or as a double-quoted, escaped attribute value, and never into a script, style, URL or event attribute.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace photoaudit::audit::html {

// The largest thumbnail data: URI the report embeds (about 750 KB of image). Longer ones show a placeholder.
inline constexpr std::size_t kMaxThumbnailDataUri = 1024 * 1024;

// Returns s for HTML text content or a double-quoted attribute value: first valid_utf8() (invalid bytes and
// control characters become U+FFFD), then & < > " ' as &amp; &lt; &gt; &quot; &#39;. Never fails.
std::string escape(std::string_view s);

// True when uri is safe to put into <img src="...">: it starts with "data:image/jpeg;base64," or
// "data:image/png;base64," (exactly, lower case), the payload is non-empty base64 (A-Z a-z 0-9 + /, a length
// that is a multiple of 4, at most two '=' at the end and nowhere else) and the whole URI is at most max_size
// bytes. Anything else (other media types, SVG, javascript:, whitespace, percent-encoding) is false.
bool is_safe_image_data_uri(std::string_view uri, std::size_t max_size = kMaxThumbnailDataUri);

// "data:image/jpeg;base64," followed by jpeg in base64 (RFC 4648, with padding), for a thumbnail's <img src>.
// Does not look at the bytes; "" gives the bare prefix, which is_safe_image_data_uri() rejects.
std::string jpeg_data_uri(std::string_view jpeg);

}  // namespace photoaudit::audit::html
