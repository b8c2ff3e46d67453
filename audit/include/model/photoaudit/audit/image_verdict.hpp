// The one-word verdict a picture editor reads first, per image: publish, check, or do not publish.
//
// It follows from the image's findings alone, the same way in every report: an error means "do not publish"
// (as it is), a warning "check" (look before publishing), notes only or nothing "publish". It does not depend
// on --fail-on, which decides the exit status, not what the desk is told about each picture.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/image_audit.hpp"

namespace photoaudit::audit {

// Most severe last, so that std::max gives the worse verdict.
enum class ImageVerdict {
  kPublish,       // no error and no warning: notes only, or nothing
  kCheck,         // a warning, no error: look before publishing
  kDoNotPublish,  // an error: not as it is (unreadable files included)
};

// "publish", "check", "do-not-publish": the JSON's verdict.
std::string_view to_string(ImageVerdict verdict);

// "publish", "check", "do not publish": the word people read.
std::string_view describe(ImageVerdict verdict);

// The image's verdict from its findings.
ImageVerdict verdict_of(const ImageAudit& image);

// Why: the rules of the findings that decide the verdict (errors for do-not-publish, warnings for check, the
// notes for publish), each rule once, in the order of the findings (most severe first).
std::vector<Rule> verdict_reasons(const ImageAudit& image);

// How many images have each verdict, indexed by ImageVerdict.
using VerdictCounts = std::array<std::size_t, 3>;

// "1 do not publish, 2 check, 14 publish": most severe first, every verdict named.
std::string describe(const VerdictCounts& counts);

}  // namespace photoaudit::audit
