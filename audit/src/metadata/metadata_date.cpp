// parse_metadata_date(): a small hand-written reader (no regex, no locale) over the three dialects, with every
// part checked against the calendar before anything is written to iso.
#include "photoaudit/audit/metadata_date.hpp"

#include <array>
#include <cstdio>

namespace photoaudit::audit {
namespace {

constexpr std::size_t kMaxDateBytes = 64;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// A cursor over the text; every reader consumes only on success.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Exactly n digits.
  std::optional<int> digits(std::size_t n) {
    if (i + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (!is_digit(s[i + k])) return std::nullopt;
      v = v * 10 + (s[i + k] - '0');
    }
    i += n;
    return v;
  }
  // The rest holds only blanks and separators: EXIF writes unknown parts as spaces ("2017:05:29   :  :  ").
  bool rest_is_unknown_parts() const {
    for (std::size_t k = i; k < s.size(); ++k) {
      if (!is_blank(s[k]) && s[k] != ':' && s[k] != '-' && s[k] != 'T') return false;
    }
    return true;
  }
};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

struct Parts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  DatePrecision precision = DatePrecision::kNone;
  std::optional<int> offset;
};

// A zone: "Z", "+hh:mm", "+hhmm", "+hh". Sets note and returns false when malformed or out of range.
bool read_zone(Cursor& c, std::optional<int>& offset, std::string& note) {
  if (c.take('Z') || c.take('z')) {
    offset = 0;
    return true;
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return true;  // no zone
  ++c.i;
  const auto hh = c.digits(2);
  if (!hh) {
    note = "malformed time zone";
    return false;
  }
  int mm = 0;
  const bool colon = c.take(':');
  if (const auto m = c.digits(2)) {
    mm = *m;
  } else if (colon) {
    note = "malformed time zone";
    return false;
  }
  if (*hh > 14 || mm > 59 || *hh * 60 + mm > 14 * 60) {
    note = "time zone out of range (beyond +-14:00)";
    return false;
  }
  offset = (sign == '-' ? -1 : 1) * (*hh * 60 + mm);
  return true;
}

// Time after the date: "hh:mm[:ss[.fff]]" or "hhmm[ss]", then a zone.
bool read_time(Cursor& c, Parts& p, std::string& note) {
  const auto hh = c.digits(2);
  if (!hh) {
    note = "malformed time";
    return false;
  }
  const bool colons = c.take(':');
  const auto mm = c.digits(2);
  if (!mm) {
    note = "a time needs hours and minutes";
    return false;
  }
  p.hour = *hh;
  p.minute = *mm;
  p.precision = DatePrecision::kMinute;
  if ((colons && c.take(':')) || (!colons && is_digit(c.peek()))) {
    const auto ss = c.digits(2);
    if (!ss) {
      note = "malformed seconds";
      return false;
    }
    p.second = *ss;
    p.precision = DatePrecision::kSecond;
    if (c.take('.') || c.take(',')) {
      if (!is_digit(c.peek())) {
        note = "malformed fraction of a second";
        return false;
      }
      while (is_digit(c.peek())) ++c.i;
    }
  }
  if (p.hour > 23) {
    note = "hour " + std::to_string(p.hour) + " out of range";
    return false;
  }
  if (p.minute > 59) {
    note = "minute " + std::to_string(p.minute) + " out of range";
    return false;
  }
  if (p.second > 59) {
    note = "second " + std::to_string(p.second) + " out of range";
    return false;
  }
  return read_zone(c, p.offset, note);
}

// The date part: "YYYY[(-|:)MM[(-|:)DD]]" or "YYYYMMDD"; then an optional time. Parts are checked as read.
bool read_parts(Cursor& c, Parts& p, std::string& note) {
  const auto y = c.digits(4);
  if (!y) {
    note = "not a date";
    return false;
  }
  if (*y == 0) {
    note = "year 0000 (a placeholder for an unknown date)";
    return false;
  }
  p.year = *y;
  p.precision = DatePrecision::kYear;
  const bool compact = is_digit(c.peek());
  const char sep = compact ? '\0' : c.peek();
  if (!compact && sep != '-' && sep != ':') return true;
  if (!compact) ++c.i;
  if (!compact && c.rest_is_unknown_parts()) return true;
  const auto m = c.digits(2);
  if (!m) {
    note = "malformed month";
    return false;
  }
  if (*m < 1 || *m > 12) {
    note = "month " + std::to_string(*m) + " out of range";
    return false;
  }
  p.month = *m;
  p.precision = DatePrecision::kMonth;
  if (!compact && c.peek() != sep) return true;
  if (!compact) ++c.i;
  if (!compact && c.rest_is_unknown_parts()) return true;
  const auto d = c.digits(2);
  if (!d) {
    note = compact ? "malformed date" : "malformed day";
    return false;
  }
  if (*d < 1 || *d > days_in_month(p.year, p.month)) {
    note = "day " + std::to_string(*d) + " out of range for " + std::to_string(p.year) + "-" +
           (p.month < 10 ? "0" : "") + std::to_string(p.month);
    return false;
  }
  p.day = *d;
  p.precision = DatePrecision::kDay;
  if (c.done() || c.rest_is_unknown_parts()) return true;
  if (!c.take('T') && !c.take(' ')) return true;
  if (c.rest_is_unknown_parts()) return true;
  return read_time(c, p, note);
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string format_iso(const Parts& p) {
  char year[8];
  std::snprintf(year, sizeof year, "%04d", p.year);
  std::string out = year;
  if (p.precision >= DatePrecision::kMonth) out += "-" + two(p.month);
  if (p.precision >= DatePrecision::kDay) out += "-" + two(p.day);
  if (p.precision >= DatePrecision::kMinute) out += "T" + two(p.hour) + ":" + two(p.minute);
  if (p.precision >= DatePrecision::kSecond) out += ":" + two(p.second);
  if (p.precision >= DatePrecision::kMinute && p.offset) {
    if (*p.offset == 0) {
      out += "Z";
    } else {
      const int a = *p.offset < 0 ? -*p.offset : *p.offset;
      out += (*p.offset < 0 ? "-" : "+") + two(a / 60) + ":" + two(a % 60);
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kYear:
      return "year";
    case DatePrecision::kMonth:
      return "month";
    case DatePrecision::kDay:
      return "day";
    case DatePrecision::kMinute:
      return "minute";
    case DatePrecision::kSecond:
      return "second";
    case DatePrecision::kNone:
      break;
  }
  return "none";
}

std::string MetadataDate::day() const {
  return precision >= DatePrecision::kDay && iso.size() >= 10 ? iso.substr(0, 10) : std::string();
}

MetadataDate parse_metadata_date(std::string_view raw, std::string_view offset) {
  MetadataDate out;
  out.raw = std::string(raw);
  if (raw.size() > kMaxDateBytes) {
    out.note = "longer than " + std::to_string(kMaxDateBytes) + " bytes, not a date";
    return out;
  }
  const std::string_view text = trim(raw);
  if (text.empty() || Cursor{text}.rest_is_unknown_parts()) {
    out.note = "blank (an unknown date)";
    return out;
  }
  Cursor c{text};
  Parts p;
  if (!read_parts(c, p, out.note)) return out;
  if (!c.done() && !c.rest_is_unknown_parts()) {
    out.note = "unexpected text after the date";
    return out;
  }
  if (!p.offset && p.precision >= DatePrecision::kMinute && !trim(offset).empty()) {
    Cursor z{trim(offset)};
    std::string zone_note;
    std::optional<int> zone;
    if (read_zone(z, zone, zone_note) && z.done() && zone) {
      p.offset = zone;
    } else {
      out.note = "time zone '" + std::string(trim(offset).substr(0, kMaxDateBytes)) +
                 "' ignored: " + (zone_note.empty() ? "malformed time zone" : zone_note);
    }
  }
  out.precision = p.precision;
  out.utc_offset_minutes = p.precision >= DatePrecision::kMinute ? p.offset : std::nullopt;
  out.iso = format_iso(p);
  return out;
}

}  // namespace photoaudit::audit
