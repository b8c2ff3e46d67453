// read_upload: one byte budget and one deadline shared by every part of the body.
#include "serve/upload_body.hpp"

#include <nlohmann/json.hpp>

namespace photoaudit::audit::serve {
namespace {

constexpr std::size_t kMaxFieldBytes = 4096;

// Counts every byte received against the limits; the first breach is kept.
struct Budget {
  const UploadLimits& limits;
  std::uint64_t received = 0;
  UploadFailure failure = UploadFailure::kNone;

  bool take(std::size_t n) {
    received += n;
    if (received > limits.max_bytes) failure = UploadFailure::kTooLarge;
    if (failure == UploadFailure::kNone && std::chrono::steady_clock::now() > limits.deadline) {
      failure = UploadFailure::kTimedOut;
    }
    return failure == UploadFailure::kNone;
  }
};

bool is_image_part(const httplib::MultipartFormData& part, bool have_image) {
  return part.name == "file" || part.name == "image" || (!part.filename.empty() && !have_image);
}

bool read_multipart(const httplib::ContentReader& reader, Budget& budget, UploadBody& out, std::string& message) {
  std::string* target = nullptr;
  bool have_image = false;
  bool field_too_long = false;
  const bool ok = reader(
      [&](const httplib::MultipartFormData& part) {
        if (is_image_part(part, have_image)) {
          have_image = true;
          out.image.clear();
          out.filename = part.filename;
          target = &out.image;
        } else {
          target = &out.fields[part.name];
        }
        return true;
      },
      [&](const char* data, std::size_t n) {
        if (!budget.take(n) || target == nullptr) return false;
        if (target != &out.image && target->size() + n > kMaxFieldBytes) {
          field_too_long = true;
          return false;
        }
        target->append(data, n);
        return true;
      });
  if (field_too_long) message = "a form field is longer than " + std::to_string(kMaxFieldBytes) + " bytes";
  return ok && !field_too_long;
}

bool read_whole(const httplib::ContentReader& reader, Budget& budget, std::string& out) {
  return reader([&](const char* data, std::size_t n) {
    if (!budget.take(n)) return false;
    out.append(data, n);
    return true;
  });
}

bool parse_json_fields(const std::string& text, UploadBody& out, std::string& message) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    message = "the body is not a JSON object";
    return false;
  }
  for (const auto& [key, value] : doc.items()) {
    if (value.is_string()) {
      out.fields[key] = value.get<std::string>();
    } else if (value.is_boolean() || value.is_number()) {
      out.fields[key] = value.dump();
    } else {
      message = "member \"" + key + "\" must be a string, number or boolean";
      return false;
    }
  }
  return true;
}

}  // namespace

UploadFailure read_upload(const httplib::Request& req, const httplib::ContentReader& reader, const UploadLimits& limits,
                          UploadBody& out, std::string& message) {
  for (const auto& [key, value] : req.params) out.fields[key] = value;
  // RFC 9112, 6.3: a request with neither Content-Length nor Transfer-Encoding has no body. Asking the reader
  // for one would wait for bytes that never come, until the request timeout (a `?pdq=` query sent bare).
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) return UploadFailure::kNone;
  Budget budget{.limits = limits};
  bool ok = false;
  const std::string type = req.get_header_value("Content-Type");
  if (req.is_multipart_form_data()) {
    ok = read_multipart(reader, budget, out, message);
  } else if (type.starts_with("application/json")) {
    std::string text;
    ok = read_whole(reader, budget, text) && parse_json_fields(text, out, message);
    out.json = true;
  } else {
    ok = read_whole(reader, budget, out.image);
  }
  if (budget.failure != UploadFailure::kNone) return budget.failure;
  if (ok) return UploadFailure::kNone;
  if (message.empty()) message = "the body is truncated or malformed (a multipart body without its closing boundary?)";
  return UploadFailure::kMalformed;
}

}  // namespace photoaudit::audit::serve
