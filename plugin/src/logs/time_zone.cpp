#include "logs/time_zone.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

namespace kcheck::logs {

namespace {

// The largest TZif file in the tz database is about 4 KiB; anything far larger is not one.
constexpr std::size_t kMaxTzifSize = 256 * 1024;

/// IANA names are ASCII letters, digits and `/_+-`, with no empty, `.` or `..` component:
/// the name is joined to a directory and must not escape it.
bool is_safe_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view part = name.substr(start, i - start);
      if (part.empty() || part.front() == '.') return false;
      start = i + 1;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// `+HH:MM`, `-HH:MM`, `+HHMM` or `+HH`; false when `text` is not one.
bool parse_fixed_offset(std::string_view text, std::int32_t& seconds) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return false;
  std::string_view digits = text.substr(1);
  int hours = 0;
  int minutes = 0;
  auto two = [](std::string_view s, int& v) {
    return s.size() >= 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           ((v = (s[0] - '0') * 10 + (s[1] - '0')), true);
  };
  if (!two(digits, hours)) return false;
  digits.remove_prefix(2);
  if (!digits.empty() && digits.front() == ':') digits.remove_prefix(1);
  if (!digits.empty() && (!two(digits, minutes) || digits.size() != 2)) return false;
  if (hours > 23 || minutes > 59) return false;
  seconds = (hours * 3600 + minutes * 60) * (text[0] == '-' ? -1 : 1);
  return true;
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::int64_t be64(const unsigned char* p) {
  return static_cast<std::int64_t>((std::uint64_t{be32(p)} << 32) | be32(p + 4));
}

bool read_small_file(const std::string& path, std::string& out) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return false;
  char buf[4096];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    out.append(buf, n);
    if (out.size() > kMaxTzifSize) return false;
    if (n < sizeof buf) return std::ferror(f.get()) == 0;
  }
}

}  // namespace

/// Reads the 64-bit (version 2+) block of a TZif file, or the version 1 block of an old one.
class TzifReader {
 public:
  static bool read(std::string_view bytes, TimeZone& tz) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t size = bytes.size();
    Header h;
    if (!header(p, size, h)) return false;
    if (h.version >= '2') {
      const std::size_t v1 = block_size(h, 4);
      if (44 + v1 > size) return false;
      p += 44 + v1;
      size -= 44 + v1;
      if (!header(p, size, h)) return false;
      return body(p + 44, size - 44, h, 8, tz);
    }
    return body(p + 44, size - 44, h, 4, tz);
  }

 private:
  struct Header {
    char version = 0;
    std::uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
  };

  static bool header(const unsigned char* p, std::size_t size, Header& h) {
    if (size < 44 || std::memcmp(p, "TZif", 4) != 0) return false;
    h.version = static_cast<char>(p[4]);
    h.isut = be32(p + 20);
    h.isstd = be32(p + 24);
    h.leap = be32(p + 28);
    h.time = be32(p + 32);
    h.type = be32(p + 36);
    h.chars = be32(p + 40);
    // The tz database's files have a few hundred transitions; bound what a bad file can ask.
    return h.time <= 10000 && h.type >= 1 && h.type <= 256 && h.leap <= 1000 && h.chars <= 10000 &&
           h.isut <= 256 && h.isstd <= 256;
  }

  static std::size_t block_size(const Header& h, std::size_t time_size) {
    return h.time * time_size + h.time + h.type * 6 + h.chars + h.leap * (time_size + 4) + h.isstd +
           h.isut;
  }

  static bool body(const unsigned char* p, std::size_t size, const Header& h, std::size_t time_size,
                   TimeZone& tz) {
    if (block_size(h, time_size) > size) return false;
    const unsigned char* times = p;
    const unsigned char* indices = times + h.time * time_size;
    const unsigned char* types = indices + h.time;
    auto type_offset = [&](std::size_t i) {
      return static_cast<std::int32_t>(be32(types + i * 6));
    };
    // RFC 8536 3.2: local time before the first transition uses type 0.
    tz.initial_offset_ = type_offset(0);
    tz.transitions_.clear();
    tz.offsets_.clear();
    for (std::size_t i = 0; i < h.time; ++i) {
      const std::int64_t at =
          time_size == 8 ? be64(times + i * 8) : static_cast<std::int32_t>(be32(times + i * 4));
      if (indices[i] >= h.type) return false;
      if (!tz.transitions_.empty() && at <= tz.transitions_.back()) return false;
      tz.transitions_.push_back(at);
      tz.offsets_.push_back(type_offset(indices[i]));
    }
    return true;
  }
};

Result<TimeZone> TimeZone::load(std::string_view name, const std::string& zoneinfo_dir) {
  TimeZone tz;
  tz.name_ = std::string(name);
  if (name == "UTC" || name == "Z" || name == "Etc/UTC") return tz;
  if (parse_fixed_offset(name, tz.initial_offset_)) return tz;
  if (!is_safe_zone_name(name)) {
    return invalid_argument("unknown time zone '" + std::string(name) +
                            "': expected UTC, an offset such as +02:00 or an IANA name such as "
                            "Europe/Madrid");
  }
  const std::string path = zoneinfo_dir + "/" + std::string(name);
  std::string bytes;
  if (!read_small_file(path, bytes)) {
    return invalid_argument("unknown time zone '" + std::string(name) + "': cannot read " + path);
  }
  if (!TzifReader::read(bytes, tz)) {
    return invalid_argument("unknown time zone '" + std::string(name) + "': " + path +
                            " is not a valid TZif file");
  }
  return tz;
}

std::int32_t TimeZone::offset_at(std::int64_t utc_seconds) const noexcept {
  // After the last transition the last offset holds: the tz database's files are written
  // with explicit transitions up to 2037, so the POSIX rule in their footer is not needed
  // for the timestamps of live logs.
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

std::int64_t TimeZone::local_to_utc(std::int64_t local_seconds) const noexcept {
  if (transitions_.empty()) return local_seconds - initial_offset_;
  // The offsets a day before and after (zones never change twice within two days): a
  // candidate is right when the offset in effect at it is the one it was computed with.
  constexpr std::int64_t kDay = 86400;
  const std::int32_t before = offset_at(local_seconds - kDay);
  const std::int32_t after = offset_at(local_seconds + kDay);
  const std::int64_t early = local_seconds - before;
  const std::int64_t late = local_seconds - after;
  const bool early_ok = offset_at(early) == before;
  const bool late_ok = offset_at(late) == after;
  if (early_ok && late_ok) return std::min(early, late);  // an overlap: the first
  if (late_ok) return late;
  return early;  // right, or in a gap: the offset before it
}

}  // namespace kcheck::logs
