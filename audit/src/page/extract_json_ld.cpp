#include "page/extract_json_ld.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace photoaudit::audit::page {
namespace {

using nlohmann::json;

bool has_type(const json& object, std::string_view type) {
  const auto found = object.find("@type");
  if (found == object.end()) return false;
  if (found->is_string()) return found->get_ref<const std::string&>() == type;
  if (found->is_array()) {
    return std::any_of(found->begin(), found->end(),
                       [type](const json& t) { return t.is_string() && t.get_ref<const std::string&>() == type; });
  }
  return false;
}

// A string property; objects give their "name", "url" or "@id"; arrays give their entries joined with ", ".
std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  if (value.is_object()) {
    for (const char* key : {"name", "url", "@id"}) {
      const auto found = value.find(key);
      if (found != value.end() && found->is_string()) return found->get<std::string>();
    }
    return "";
  }
  if (value.is_array()) {
    std::string joined;
    for (const json& entry : value) {
      const std::string part = entry.is_array() ? std::string() : text_of(entry);
      if (part.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += part;
    }
    return joined;
  }
  return "";
}

std::string field(const json& object, const char* key) {
  const auto found = object.find(key);
  return found == object.end() ? std::string() : text_of(*found);
}

std::string first_url(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    for (const json& entry : value) {
      if (entry.is_string()) return entry.get<std::string>();
    }
  }
  return "";
}

JsonLdImage image_object(const json& object) {
  JsonLdImage image;
  for (const char* key : {"contentUrl", "url"}) {
    const auto found = object.find(key);
    if (found != object.end() && image.url.empty()) image.url = first_url(*found);
  }
  image.caption = field(object, "caption");
  image.credit_text = field(object, "creditText");
  image.copyright_notice = field(object, "copyrightNotice");
  image.creator = field(object, "creator");
  image.license = field(object, "license");
  image.acquire_license_page = field(object, "acquireLicensePage");
  return image;
}

// Depth is bounded by the parser callback, so recursion here is bounded too.
void collect(const json& value, std::vector<JsonLdImage>& out) {
  if (value.is_array()) {
    for (const json& entry : value) collect(entry, out);
    return;
  }
  if (!value.is_object()) return;
  if (has_type(value, "ImageObject")) {
    JsonLdImage image = image_object(value);
    if (!image.url.empty()) out.push_back(std::move(image));
    return;
  }
  for (const auto& [key, member] : value.items()) {
    if (key == "logo") continue;
    if (key == "image" || key == "thumbnailUrl") {
      const std::vector<json> entries = member.is_array() ? member.get<std::vector<json>>() : std::vector<json>{member};
      for (const json& entry : entries) {
        if (entry.is_string()) out.push_back(JsonLdImage{entry.get<std::string>(), "", "", "", "", "", ""});
        else collect(entry, out);
      }
      continue;
    }
    collect(member, out);
  }
}

}  // namespace

std::vector<JsonLdImage> images_from_json_ld(std::string_view text, const JsonLdLimits& limits,
                                             std::vector<std::string>& notes) {
  if (text.size() > limits.max_bytes) {
    notes.push_back("JSON-LD block of " + std::to_string(text.size()) + " bytes skipped (limit " +
                    std::to_string(limits.max_bytes) + ")");
    return {};
  }
  bool too_deep = false;
  const json::parser_callback_t depth_guard = [&](int depth, json::parse_event_t, json&) {
    if (depth > limits.max_depth) too_deep = true;
    return !too_deep;
  };
  std::vector<JsonLdImage> images;
  try {
    const json document = json::parse(text.begin(), text.end(), depth_guard, /*allow_exceptions=*/false);
    if (too_deep) {
      notes.push_back("JSON-LD block nested deeper than " + std::to_string(limits.max_depth) + " levels skipped");
      return {};
    }
    if (document.is_discarded()) {
      notes.push_back("JSON-LD block is not valid JSON; skipped");
      return {};
    }
    collect(document, images);
  } catch (const std::exception& e) {  // nlohmann::json: type errors, allocation
    notes.push_back(std::string("JSON-LD block could not be read: ") + e.what());
    return {};
  }
  return images;
}

}  // namespace photoaudit::audit::page
