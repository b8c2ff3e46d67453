// Private to serve: reading POST /v1/match's body into a MatchQuery's parts, bounded in size and time.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace photoaudit::audit::serve {

// What a match request carried: the image's bytes (raw body or the form's file part), its file name, and the
// text fields (query parameters, then form fields or the JSON body's members, which win).
struct UploadBody {
  std::string image;
  std::string filename;
  std::map<std::string, std::string> fields;
  bool json = false;  // the body was a JSON query
};

// How reading ended when it did not end well.
enum class UploadFailure {
  kNone,
  kTooLarge,   // past max_bytes: the rest was not read (413)
  kTimedOut,   // past the deadline (408)
  kMalformed,  // truncated body, broken multipart, JSON that does not parse or is not an object (400)
};

struct UploadLimits {
  std::uint64_t max_bytes = 0;
  std::chrono::steady_clock::time_point deadline;
};

// Reads the body through reader (multipart/form-data: the part named "file" or "image", or the first part with a
// file name, is the image, other parts are fields of at most 4 KiB; application/json: an object whose string,
// number or boolean members become fields; anything else: the raw image). out.message says what went wrong.
UploadFailure read_upload(const httplib::Request& req, const httplib::ContentReader& reader, const UploadLimits& limits,
                          UploadBody& out, std::string& message);

}  // namespace photoaudit::audit::serve
