// Recognising printed photo credits: credit markers in text ("Foto:", "©", ...) and credit class names.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit::page {

// Byte offset of the first credit marker in text: "Foto:", "Fotos:", "Bild:", "Bilder:", "Photo:", "Photos:",
// "Quelle:", "Credit:", "Credits:", "Bildnachweis:", "Copyright", "©", "(c)" (case-insensitive, at a word
// start); npos when there is none.
std::size_t find_credit_marker(std::string_view text);

// True when text starts with a credit marker (after leading spaces).
bool starts_with_credit_marker(std::string_view text);

struct CaptionParts {
  std::string caption;  // text before the marker, without trailing separators (" |", " /", " -", "(")
  std::string credit;   // from the marker to the end ("Foto: Kay Nietfeld/dpa"); "" when no marker
};

// Splits a collapsed caption text at its first credit marker; trailing separators are removed from the
// caption also when there is no marker.
CaptionParts split_caption_credit(std::string_view text);

// True when a class/id attribute value names a credit: contains credit, copyright, source, byline, urheber,
// bildnachweis or quelle (case-insensitive).
bool is_credit_class(std::string_view class_or_id);

// True for itemprop values that hold a credit: copyrightHolder, creditText, copyrightNotice.
bool is_credit_itemprop(std::string_view itemprop);

}  // namespace photoaudit::audit::page
