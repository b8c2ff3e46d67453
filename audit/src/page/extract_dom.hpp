// Small read-only helpers over gumbo's parse tree. All walks are iterative (no recursion on page depth).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace photoaudit::audit::page {

// Lower-case tag name of an element ("img", "picture"; unknown tags from their source text); "" otherwise.
std::string tag_name(const GumboNode* node);

bool is_element(const GumboNode* node, GumboTag tag);

// The attribute's value, or nullptr when absent (or node is not an element).
const char* attribute(const GumboNode* node, const char* name);

// Collapsed text of node's descendants: whitespace runs (including no-break spaces) become one space, leading
// and trailing space removed, <br> and block elements start with a space; <script>, <style>, <template> skipped,
// and so is the subtree of skip (may be nullptr). Collection stops after max_bytes bytes.
std::string text_content(const GumboNode* node, std::size_t max_bytes, const GumboNode* skip = nullptr);

// text with whitespace runs (including no-break spaces) collapsed to one space and trimmed.
std::string collapse_whitespace(std::string_view text);

// Visits node's descendants in document order (node itself excluded). visit returns false to skip the
// children of the visited node.
void for_each_descendant(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit);

// Cuts text to at most max_bytes at a UTF-8 character boundary and appends "…"; returns true when it cut.
bool truncate_utf8(std::string& text, std::size_t max_bytes);

}  // namespace photoaudit::audit::page
