#include "map/metrics_doc.hpp"

#include <string_view>

#include "map/map_table.hpp"

namespace kcheck::map {

namespace {

constexpr std::string_view kNamespace = "krakend.api";

std::string_view label_set_name(LabelSet s) {
  switch (s) {
    case LabelSet::kNone:
      return "—";
    case LabelSet::kServer:
      return "[server](#server)";
    case LabelSet::kProxy:
      return "[proxy](#proxy)";
    case LabelSet::kBackend:
      return "[backend](#backend)";
    case LabelSet::kClient:
      return "[client](#client)";
    case LabelSet::kClientRead:
      return "[client-read](#client-read)";
    case LabelSet::kScope:
      return "`otel_scope_name`, `otel_scope_version`";
    case LabelSet::kGoInfo:
      return "`go_version` (label `version`)";
    case LabelSet::kQuantile:
      return "";
  }
  return "";
}

std::string_view origin_note(Origin o) {
  switch (o) {
    case Origin::kKrakend:
      return "";
    case Origin::kSemconv:
      return " ²";
    case Origin::kGo:
      return "";
    case Origin::kProcess:
      return "";
  }
  return "";
}

std::string raw_family(const MapEntry& e) {
  std::string s = "`";
  s += e.raw;
  if (e.kind == Kind::kCounter) s += "_total";
  s += "`";
  return s;
}

struct Line {
  std::string_view suffix;
  std::string_view type;
  bool with_unit;
  std::string_view extra_tags;
};

void row(std::string& out, const MapEntry& e, const Line& l) {
  std::string tags(label_set_name(e.labels));
  if (!l.extra_tags.empty()) {
    if (!tags.empty()) tags += ", ";
    tags += l.extra_tags;
  }
  if (tags.empty()) tags = "—";
  out += "| `";
  out += kNamespace;
  out += '.';
  out += e.name;
  out += l.suffix;
  out += "` | ";
  out += l.type;
  out += " | ";
  out += l.with_unit && !e.unit.empty() ? e.unit : "—";
  out += " | ";
  out += tags;
  out += " | ";
  out += raw_family(e);
  out += origin_note(e.origin);
  out += " | ";
  out += e.description;
  out += " |\n";
}

void rows(std::string& out, const MapEntry& e) {
  switch (e.kind) {
    case Kind::kGauge:
      row(out, e, {"", "gauge", true, ""});
      break;
    case Kind::kCounter:
      row(out, e, {".count", "monotonic_count", true, ""});
      break;
    case Kind::kHistogram:
      row(out, e, {".bucket", "monotonic_count", false, "`upper_bound`"});
      row(out, e, {".sum", "monotonic_count", true, ""});
      row(out, e, {".count", "monotonic_count", false, ""});
      break;
    case Kind::kSummary:
      row(out, e, {".quantile", "gauge", true, "`quantile`"});
      row(out, e, {".sum", "monotonic_count", true, ""});
      row(out, e, {".count", "monotonic_count", false, ""});
      break;
  }
}

void section(std::string& out, std::string_view title, Origin origin) {
  out += "\n### ";
  out += title;
  out += "\n\n| metric | type | unit | tags | source family | description |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const MapEntry& e : krakend_map_table()) {
    if (e.origin == origin || (origin == Origin::kKrakend && e.origin == Origin::kSemconv)) {
      rows(out, e);
    }
  }
}

constexpr std::string_view kHeader = R"(# Metrics reference

<!-- Generated from plugin/src/map/map_table.cpp by kcheck_metrics_doc; do not edit by hand.
     The unit test map_docs fails when this file differs from the generated text. -->

Every series the check submits, as produced by the metric map (`plugin/src/map`). Names carry
the `krakend.api` namespace. Types are Datadog's: `gauge`, `monotonic_count` (the host turns
successive cumulative values of one context into deltas) and, with
`histogram_buckets_as_distributions`, histogram buckets. Besides these series each run sends
the service check `krakend.api.openmetrics.health` ([below](#the-health-service-check)).

## How families become series

* gauge: one gauge per sample, value as parsed.
* counter: `<name>.count`, the cumulative value of the `_total` line (OpenMetrics `_created`
  lines are ignored). In Prometheus text 0.0.4 the TYPE line names the family with `_total`;
  the map keys counters without it, so `go_memstats_alloc_bytes_total` (counter) and
  `go_memstats_alloc_bytes` (gauge) are two different series.
* histogram: `<name>.bucket` per finite bucket with tag `upper_bound` (the `+Inf` bucket
  equals `.count` and is not submitted), `<name>.sum`, `<name>.count`.
  `collect_histogram_buckets: false` drops `.bucket`; `non_cumulative_histogram_buckets: true`
  submits per-bucket differences (buckets of one series ordered by bound) with an extra
  `lower_bound` tag (`0` for the first bucket when its bound is positive, else `-inf`);
  `histogram_buckets_as_distributions: true` (which implies both) submits the differences as
  histogram buckets named `<name>` (no suffix) with numeric lower/upper bounds, including the
  `+Inf` bucket, and, like Datadog's check, no `.sum`/`.count`.
* summary: `<name>.quantile` gauge per quantile with tag `quantile`, `<name>.sum`,
  `<name>.count`.
* NaN and ±Inf sample values are never submitted.
* The submission type follows the type the payload declares (a family declared `counter` is
  submitted as a counter even if the table expects a gauge); an untyped family is submitted
  with the kind of its row; `extra_metrics` may force a type.
* `flush_first_value` is false during an instance's first successful run, true afterwards.

Bounds and quantiles are spelled as Datadog spells them: `0` for zero, `inf`/`-inf`, else the
shortest round-trip digits, fixed with a trailing `.0` when integral if 1e-4 ≤ |x| < 1e16
(`0.01`, `1.0`, `1048576.0`), otherwise exponent form (`1e-05`, `1e+16`).

## Tags

Every series carries, in this order:

1. the labels of its sample as `name:value` (empty values kept, e.g. `otel_scope_version:`),
   except `le` and `quantile`, which become `upper_bound` and `quantile`;
2. `code_class:<d>XX` when `http_response_status_code` is exactly three ASCII digits;
3. every label of `target_info`, read from the same payload before anything is submitted
   (KrakenD prints it last); when a sample label has the same name, the `target_info`
   value wins and one tag is emitted;
4. the instance's `tags`, `service:<service>` when set, `endpoint:<openmetrics_endpoint>`
   unless `tag_by_endpoint: false`.

`rename_labels` applies to 1–3 and is merged over the defaults `service_name` →
`krakend.service_name`, `service_version` → `krakend.service_version` and, when `go_metrics`
is on, `version` → `go_version`. `exclude_labels` and `include_labels` filter 1–3 by the
label's original name; `upper_bound`, `lower_bound` and `quantile` are never filtered, but
`rename_labels` entries for them rename their keys (as in Datadog's recent base), and
`exclude_metrics_by_labels` keyed by `upper_bound` or `quantile` drops the samples whose
value, as printed (`0.1`, `1.0`), matches.

### Label sets

| set | labels KrakenD attaches |
|---|---|
| <a id="server"></a>server | `http_request_method`, `http_response_status_code`, `http_route`, `url_scheme`, `otel_scope_name`, `otel_scope_version`, `code_class` |
| <a id="proxy"></a>proxy | `http_request_method`, `http_route`, `error`, `canceled`, `complete`, `otel_scope_name`, `otel_scope_version`, plus the endpoint's static attributes |
| <a id="backend"></a>backend | the proxy set plus `krakend_endpoint_route`, `krakend_endpoint_method` and the backend's static attributes (e.g. `backend_type`) |
| <a id="client"></a>client | the backend set without `error`/`canceled`/`complete`, plus `clientname`, `server_address`, `server_port`, `http_response_status_code` (`0` when the transport failed), `code_class` |
| <a id="client-read"></a>client-read | `http_request_method`, `http_route`, `krakend_endpoint_route`, `krakend_endpoint_method`, `otel_scope_name`, `otel_scope_version` and the backend's static attributes |

Tags common to every series (target_info, instance tags) are not repeated in the tables.
)";

constexpr std::string_view kFooter = R"(
² KrakenD's semantic-convention mode (`semantic_convention: "1.27"` in
`telemetry/opentelemetry`) renames these families after the OpenTelemetry HTTP semantic
conventions (krakend-otel `http/server/metrics.go`, `http/client/transport_metrics.go`; the
Prometheus exporter appends the unit: `_seconds`, `_bytes`). Datadog's check drops them; this
check maps them. `http_server_request_body_size_bytes` is the standard semconv name, not
emitted by KrakenD 2.10, mapped so that it works when it appears.

## Not submitted

* `target_info`: its labels become tags of every series.
* Families in neither this table nor `extra_metrics`, families matched by `exclude_metrics`,
  samples matched by `exclude_metrics_by_labels`.
* `go_*` families when `go_metrics: false`, `process_*` families when `process_metrics: false`.

## Options that change the series

* `raw_metric_prefix`: removed from family names before every lookup.
* `raw_line_filters`: regular expressions; matching lines are removed before parsing.
* `extra_metrics`: `raw`, `raw: name` or `raw: {name, type}` with type `gauge`, `counter`,
  `histogram`, `summary` or `native`; an entry that contains regular-expression characters is a
  pattern, searched in the family name, and submits each matching family under its own name.
  Exact names take precedence over the table, the table over patterns.
* `exclude_metrics`: exact names, or patterns searched in the family name.
* `exclude_metrics_by_labels`: `label: true` excludes samples that have the label,
  `label: [values]` those whose value equals a listed value or contains a match of it as a
  regular expression (Datadog's semantics).
* `hostname_label` / `hostname_format`: the host of a series is the value of that label,
  substituted for `<HOSTNAME>` in the format when one is set.

## Telemetry (`telemetry: true`)

Tags: the instance tags, `service:`, `endpoint:`.

| metric | type | value |
|---|---|---|
| `krakend.api.telemetry.metrics.input.count` | count | samples parsed in the run |
| `krakend.api.telemetry.metrics.ignored.count` | count | samples of families not collected (including `target_info`) |
| `krakend.api.telemetry.metrics.processed.count` | count | samples recorded for submission |
| `krakend.api.telemetry.metrics.blacklist.count` | count | lines removed by `raw_line_filters` |
| `krakend.api.telemetry.families.dropped.count` | count | families dropped by quarantine in the run (a line that did not parse, or a family that broke a format rule; their samples count as ignored); always 0 with `strict_parsing` |
| `krakend.api.telemetry.payload.size` | gauge | the payload's size in bytes as received on the wire: compressed under gzip, without chunked framing (as Datadog reports it) |

## The health service check

`krakend.api.openmetrics.health`, sent by every run unless `enable_health_service_check:
false`. Tags: the instance tags, `service:`, `endpoint:` (no sample labels).

| status | when | message |
|---|---|---|
| OK | the endpoint answered 2xx and its whole payload was submitted | empty |
| WARNING | the endpoint answered but part of the payload was dropped: families quarantined (a bad line or a family that broke a format rule, without `strict_parsing`) or contexts beyond `max_returned_metrics`; or a file of `log_files` could not be read | `N families dropped; first: "<family>" at line L col C: <what was expected>`, `max_returned_metrics reached: N contexts dropped (limit L)`, the log warnings; joined by `; ` |
| CRITICAL | the endpoint could not be reached (DNS, refused, TLS, timeout) or answered outside 2xx, or its payload failed the run (a scrape limit, a bad line with `strict_parsing`, a truncated body, OpenMetrics without `# EOF`) | the endpoint and the cause |

## KrakenD's logs (`log_files`)

Counted from the records the check reads from `log_files` (docs/logs.md), monotonic since the
instance began tailing, submitted by every run after the scrape's series (also when the scrape
fails). Tags: the instance tags, `service:`, `endpoint:`, and the series' own below. A series
appears once it has counted something, except `bytes`, which is always submitted.

| metric | type | series' own tags | counts |
|---|---|---|---|
| `krakend.api.logs.lines.count` | monotonic_count | `level:` (debug, info, notice, warning, error, critical), `logger:` (krakend, gin, runtime) | records (a multi-line record such as a panic counts once) |
| `krakend.api.logs.requests.count` | monotonic_count | `http_response_status_code:` (100–599, else `other`), `code_class:` (`2xx`…, else `other`), `http_request_method:` (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT, TRACE, else `_OTHER`) | access lines (Gin) |
| `krakend.api.logs.errors.count` | monotonic_count | `error_kind:` (timeout, canceled, invalid_status, circuit_open, other) | records that carry an error, by the kind of their first one |
| `krakend.api.logs.panics.count` | monotonic_count | — | Go panics, Gin recoveries, `http: panic serving` |
| `krakend.api.logs.unparsed.count` | monotonic_count | — | records of no format KrakenD writes (kept whole, `krakend.format: unparsed`) |
| `krakend.api.logs.bytes.count` | monotonic_count | — | bytes of log read |
)";

}  // namespace

std::string render_metrics_markdown() {
  std::string out(kHeader);
  out += "\n## Series\n";
  section(out, "KrakenD", Origin::kKrakend);
  section(out, "Go runtime (`go_metrics`)", Origin::kGo);
  section(out, "Process (`process_metrics`)", Origin::kProcess);
  out += kFooter;
  return out;
}

}  // namespace kcheck::map
