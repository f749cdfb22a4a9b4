#include "render.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "lookup.hpp"

namespace kcheck::zabbix {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Beyond 2^53 a double no longer holds every integer: such values keep their exponent form.
constexpr double kMaxExactInteger = 9007199254740992.0;

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_value(Writer& writer, double value) {
  if (std::isnan(value)) {
    writer.String("NaN");
  } else if (std::isinf(value)) {
    writer.String(value > 0 ? "+Inf" : "-Inf");
  } else if (value == std::trunc(value) && std::fabs(value) <= kMaxExactInteger) {
    writer.Int64(static_cast<std::int64_t>(value));
  } else {
    writer.Double(value);
  }
}

void write_tags(Writer& writer, const std::vector<std::string>& tags) {
  writer.Key("tags");
  writer.StartArray();
  for (const std::string& tag : tags) write_string(writer, tag);
  writer.EndArray();
}

void write_hostname(Writer& writer, const std::string& hostname) {
  if (hostname.empty()) return;
  writer.Key("hostname");
  write_string(writer, hostname);
}

std::string text_of(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string render_get(const Snapshot& snapshot) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("status");
  write_string(writer, status_code_name(snapshot.status.code()));
  writer.Key("error");
  if (snapshot.status.ok()) {
    writer.Null();
  } else {
    write_string(writer, snapshot.status.message());
  }
  writer.Key("metrics");
  writer.StartArray();
  for (const Series& series : snapshot.metrics) {
    writer.StartObject();
    writer.Key("name");
    write_string(writer, series.name);
    writer.Key("type");
    write_string(writer, series.type);
    writer.Key("value");
    write_value(writer, series.value);
    write_tags(writer, series.tags);
    write_hostname(writer, series.hostname);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("service_checks");
  writer.StartArray();
  for (const ServiceCheck& check : snapshot.service_checks) {
    writer.StartObject();
    writer.Key("name");
    write_string(writer, check.name);
    writer.Key("status");
    writer.Int(static_cast<int>(check.status));
    writer.Key("message");
    write_string(writer, check.message);
    write_tags(writer, check.tags);
    write_hostname(writer, check.hostname);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return text_of(buffer);
}

std::string macro_name(std::string_view tag_key) {
  std::string out = "{#";
  for (const char ch : tag_key) {
    if (ch >= 'a' && ch <= 'z') {
      out += static_cast<char>(ch - 'a' + 'A');
    } else if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_') {
      out += ch;
    } else {
      out += '_';
    }
  }
  out += '}';
  return out;
}

Result<std::string> render_discovery(const Snapshot& snapshot, std::string_view name) {
  if (!snapshot.status.ok()) return snapshot.status;
  static const std::string kNameMacro = macro_name("name");
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartArray();
  std::set<std::vector<std::pair<std::string, std::string>>> listed;
  for (const SeriesView& series : series_named(snapshot, name)) {
    std::vector<std::pair<std::string, std::string>> macros = {{kNameMacro, std::string(name)}};
    for (const std::string& tag : *series.tags) {
      const std::size_t colon = tag.find(':');
      if (colon == std::string::npos) continue;
      std::string macro = macro_name(std::string_view(tag).substr(0, colon));
      const bool taken = std::any_of(macros.begin(), macros.end(),
                                     [&macro](const auto& m) { return m.first == macro; });
      if (!taken) macros.emplace_back(std::move(macro), tag.substr(colon + 1));
    }
    if (!listed.insert(macros).second) continue;
    writer.StartObject();
    for (const auto& [macro, value] : macros) {
      write_string(writer, macro);
      write_string(writer, value);
    }
    writer.EndObject();
  }
  writer.EndArray();
  return text_of(buffer);
}

}  // namespace kcheck::zabbix
