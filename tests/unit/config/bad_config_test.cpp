// Configurations that must be refused, each with the exact message a user sees.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"

using namespace std::string_literals;

namespace {

struct BadCase {
  std::string name;      // what is wrong, for the test report
  std::string init;      // init_config text
  std::string instance;  // instance text
  std::string message;   // exact error
};

const std::string kEndpoint = "openmetrics_endpoint: http://localhost:9090/metrics\n";

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A "billion laughs" document: ten aliases of ten aliases of ... (10^5 values).
std::string alias_bomb() {
  std::string text = kEndpoint + "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  const char* names[] = {"a", "b", "c", "d", "e"};
  for (int level = 1; level < 5; ++level) {
    text += std::string(names[level]) + ": &" + names[level] + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + names[level - 1];
    text += "]\n";
  }
  return text;
}

std::vector<BadCase> type_and_range_cases() {
  const std::string& e = kEndpoint;
  return {
      {"timeout is a word", "", e + "timeout: ten",
       "instances[0].timeout: expected a number > 0, got \"ten\""},
      {"timeout is negative", "", e + "timeout: -1",
       "instances[0].timeout: expected a number > 0, got -1"},
      {"timeout is zero", "", e + "timeout: 0",
       "instances[0].timeout: expected a number > 0, got 0"},
      {"timeout is absurdly large", "", e + "timeout: 1e9",
       "instances[0].timeout: expected a number <= 86400, got 1e+09"},
      {"timeout is NaN", "", e + "timeout: .nan",
       "instances[0].timeout: expected a number > 0, got .nan"},
      {"timeout is infinite", "", e + "timeout: .inf",
       "instances[0].timeout: expected a number <= 86400, got .inf"},
      {"timeout is a boolean", "", e + "timeout: true",
       "instances[0].timeout: expected a number > 0, got true"},
      {"connect_timeout is an empty string", "", e + "connect_timeout: ''",
       "instances[0].connect_timeout: expected a number > 0, got \"\""},
      {"read_timeout is a list", "", e + "read_timeout: [1]",
       "instances[0].read_timeout: expected a number > 0, got a list"},
      {"min_collection_interval is zero", "", e + "min_collection_interval: 0",
       "instances[0].min_collection_interval: expected a number > 0, got 0"},
      {"init_config timeout is negative", "timeout: -5", e,
       "init_config.timeout: expected a number > 0, got -5"},
      {"init_config go_metrics is a number", "go_metrics: 3", e,
       "init_config.go_metrics: expected a boolean, got 3"},
      {"go_metrics is an unknown word", "", e + "go_metrics: maybe",
       "instances[0].go_metrics: expected a boolean, got \"maybe\""},
      {"process_metrics is a float", "", e + "process_metrics: 1.0",
       "instances[0].process_metrics: expected a boolean, got 1.0"},
      {"tls_verify is a mapping", "", e + "tls_verify: {}",
       "instances[0].tls_verify: expected a boolean, got a mapping"},
      {"use_latest_spec is YAML 1.1 'on'", "", e + "use_latest_spec: on",
       "instances[0].use_latest_spec: expected a boolean, got \"on\""},
      {"service is a number", "", e + "service: 123",
       "instances[0].service: expected a string, got 123"},
      {"init_config service is a list", "service: [a]", e,
       "init_config.service: expected a string, got a list"},
      {"tags is a single string", "", e + "tags: env:prod",
       "instances[0].tags: expected a list, got \"env:prod\""},
      {"a tag is a number", "", e + "tags: [env:prod, 5]",
       "instances[0].tags[1]: expected a string, got 5"},
      {"headers value is a number, not echoed", "", e + "headers: {X-Api-Version: 5}",
       "instances[0].headers.X-Api-Version: expected a string, got a number"},
      {"headers given as one string, not echoed", "", e + "headers: 'Authorization: Bearer s3cr3t'",
       "instances[0].headers: expected a mapping, got a string"},
      {"extra_headers value is a list, not echoed", "", e + "extra_headers: {X-Api-Key: [s3cr3t]}",
       "instances[0].extra_headers.X-Api-Key: expected a string, got a list"},
      {"password is a list, not echoed", "", e + "username: u\npassword: [s3cr3t]",
       "instances[0].password: expected a string, got a list"},
      {"auth_type ntlm", "", e + "auth_type: ntlm",
       "instances[0].auth_type: expected \"basic\" (ntlm, kerberos, aws and digest are not "
       "supported), got \"ntlm\""},
      {"auth_type digest", "", e + "username: u\npassword: p\nauth_type: digest",
       "instances[0].auth_type: expected \"basic\" (ntlm, kerberos, aws and digest are not "
       "supported), got \"digest\""},
      {"auth_type is a list", "", e + "auth_type: [basic]",
       "instances[0].auth_type: expected \"basic\" (ntlm, kerberos, aws and digest are not "
       "supported), got a list"},
      {"auth_token is a number, not echoed", "", e + "auth_token: 12345",
       "instances[0].auth_token: expected a file path or a mapping with \"reader\", got a number"},
      {"extra_headers is a list", "", e + "extra_headers: [a]",
       "instances[0].extra_headers: expected a mapping, got a list"},
      {"rename_labels value is a list", "", e + "rename_labels: {service_name: [a]}",
       "instances[0].rename_labels.service_name: expected a string, got a list"},
      {"rename_labels key needs quoting in the path", "", e + "rename_labels: {'a.b': 1}",
       "instances[0].rename_labels[\"a.b\"]: expected a string, got 1"},
      {"sample_limit is negative", "", e + "sample_limit: -1",
       "instances[0].sample_limit: expected a whole number between 0 (no limit) and "
       "1099511627776, got -1"},
      {"label_limit is a decimal", "", e + "label_limit: 1.5",
       "instances[0].label_limit: expected a whole number between 0 (no limit) and "
       "1099511627776, got 1.5"},
      {"label_value_length_limit is a string", "", e + "label_value_length_limit: big",
       "instances[0].label_value_length_limit: expected a whole number between 0 (no limit) and "
       "1099511627776, got \"big\""},
      {"max_body_size is zero", "", e + "max_body_size: 0",
       "instances[0].max_body_size: expected a number of bytes between 1 and 1099511627776, "
       "got 0"},
      {"max_body_size is fractional", "", e + "max_body_size: 1.5",
       "instances[0].max_body_size: expected a number of bytes between 1 and 1099511627776, "
       "got 1.5"},
      {"hostname_label is empty", "", e + "hostname_label: ''",
       "instances[0].hostname_label: expected a non-empty string, got \"\""},
      {"hostname_format lacks the placeholder", "", e + "hostname_format: node-name",
       "instances[0].hostname_format: expected a string containing \"<HOSTNAME>\", got "
       "\"node-name\""},
      {"exclude_metrics entry is empty", "", e + "exclude_metrics: ['']",
       "instances[0].exclude_metrics[0]: expected a non-empty string, got \"\""},
      {"exclude_metrics_by_labels is false", "", e + "exclude_metrics_by_labels: {worker: false}",
       "instances[0].exclude_metrics_by_labels.worker: expected true or a list of strings, got "
       "false"},
      {"exclude_metrics_by_labels value is a number", "",
       e + "exclude_metrics_by_labels: {pid: ['23', 42]}",
       "instances[0].exclude_metrics_by_labels.pid[1]: expected a string, got 42"},
      {"extra_metrics item is a number", "", e + "extra_metrics: [go_goroutines, 5]",
       "instances[0].extra_metrics[1]: expected a metric name or a mapping of metric names, got 5"},
      {"extra_metrics item is an empty mapping", "", e + "extra_metrics: [{}]",
       "instances[0].extra_metrics[0]: expected a metric name or a mapping of metric names, got "
       "a mapping"},
      {"extra_metrics type is unknown", "", e + "extra_metrics: [{foo: {type: bogus}}]",
       "instances[0].extra_metrics[0].foo.type: expected one of gauge, counter, histogram, "
       "summary, native, got \"bogus\""},
      {"extra_metrics new name is a number", "", e + "extra_metrics: [{foo: 5}]",
       "instances[0].extra_metrics[0].foo: expected a new metric name or a mapping with \"name\" "
       "and/or \"type\", got 5"},
      {"auth_token reader lacks a path", "", e + "auth_token: {reader: {type: file}}",
       "instances[0].auth_token.reader: missing required key \"path\""},
      {"auth_token reader is not a file, not echoed (nothing under auth_token is)", "",
       e + "auth_token: {reader: {type: oauth, path: /t}}",
       "instances[0].auth_token.reader.type: expected \"file\", got a string"},
      {"auth_token writer is not a bearer header, not echoed", "",
       e + "auth_token: {reader: {type: file, path: /t}, writer: {type: header, name: "
           "Authorization, value: 'Token <TOKEN>'}}",
       "instances[0].auth_token.writer.value: expected \"Bearer <TOKEN>\", got a string"},
  };
}

std::vector<BadCase> key_cases() {
  const std::string& e = kEndpoint;
  return {
      {"misspelt key", "", e + "tiemout: 3",
       "instances[0]: unknown key \"tiemout\"; did you mean \"timeout\"?"},
      {"key in the wrong case", "", e + "Timeout: 3",
       "instances[0]: unknown key \"Timeout\"; did you mean \"timeout\"?"},
      {"unrelated unknown key", "", e + "prometheus_url: http://x",
       "instances[0]: unknown key \"prometheus_url\""},
      {"unknown key in init_config", "log_requests: true", e,
       "init_config: unknown key \"log_requests\""},
      {"misspelt key in init_config", "go_metric: false", e,
       "init_config: unknown key \"go_metric\"; did you mean \"go_metrics\"?"},
      {"misspelt key inside extra_metrics", "", e + "extra_metrics: [{foo: {nmae: bar}}]",
       "instances[0].extra_metrics[0].foo: unknown key \"nmae\"; did you mean \"name\"?"},
      {"missing endpoint", "", "timeout: 3",
       "instances[0]: missing required key \"openmetrics_endpoint\""},
      {"endpoint misspelt", "", "openmetrics_endpiont: http://localhost:9090/metrics",
       "instances[0]: unknown key \"openmetrics_endpiont\"; did you mean "
       "\"openmetrics_endpoint\"?"},
      {"username without password", "", e + "username: admin",
       "instances[0]: \"username\" is set without \"password\""},
      {"password without username", "", e + "password: secret",
       "instances[0]: \"password\" is set without \"username\""},
      {"private key without certificate", "", e + "tls_private_key: /k.pem",
       "instances[0]: \"tls_private_key\" is set without \"tls_cert\""},
      {"duplicate key", "", e + "timeout: 1\ntimeout: 2",
       "instances[0]: duplicate key \"timeout\" at line 3 col 1"},
      {"key that is a list", "", e + "? [1, 2]\n: 3",
       "instances[0]: keys must be strings, got a list at line 2 col 3"},
      {"merge key with a scalar", "", e + "<<: 5",
       "instances[0][\"<<\"]: a merge key needs a mapping or a list of mappings at line 2 col 5"},
  };
}

std::vector<BadCase> url_cases() {
  const auto url = [](const std::string& u) { return "openmetrics_endpoint: '" + u + "'"; };
  const std::string p = "instances[0].openmetrics_endpoint: ";
  return {
      {"endpoint is null", "",
       "openmetrics_endpoint:", p + "expected an http:// or https:// URL, got null"},
      {"endpoint is a number", "", "openmetrics_endpoint: 9090",
       p + "expected an http:// or https:// URL, got 9090"},
      {"endpoint has another scheme", "", url("ftp://x"),
       p + "expected an http:// or https:// URL, got \"ftp://x\""},
      {"endpoint has no scheme", "", url("localhost:9090/metrics"),
       p + "expected an http:// or https:// URL, got \"localhost:9090/metrics\""},
      {"endpoint has no host", "", url("http:///metrics"),
       p + "expected an http:// or https:// URL with a host, got \"http:///metrics\""},
      {"endpoint port is zero", "", url("http://h:0/metrics"),
       p + "expected a port between 1 and 65535 in the URL, got \"http://h:0/metrics\""},
      {"endpoint port is too large", "", url("http://h:65536/metrics"),
       p + "expected a port between 1 and 65535 in the URL, got \"http://h:65536/metrics\""},
      {"endpoint port is not a number", "", url("http://h:http/metrics"),
       p + "expected a port between 1 and 65535 in the URL, got \"http://h:http/metrics\""},
      {"endpoint carries credentials, which the message hides", "", url("http://u:p@h/metrics"),
       p + "expected a URL without user:password@ (use the username and password options), got "
           "\"http://***@h/metrics\""},
      {"endpoint with credentials and a space hides them too", "", url("http://u:s3cret@h/a b"),
       p + "expected a URL without spaces or non-ASCII characters, got \"http://***@h/a b\""},
      {"endpoint contains a space", "", url("http://h/met rics"),
       p + "expected a URL without spaces or non-ASCII characters, got \"http://h/met rics\""},
      {"endpoint IPv6 bracket not closed", "", url("http://[::1/metrics"),
       p + "expected a closing ] after an IPv6 address, got \"http://[::1/metrics\""},
  };
}

std::vector<BadCase> regex_cases() {
  const std::string& e = kEndpoint;
  return {
      {"exclude_metrics regex with an open group", "", e + "exclude_metrics: [a, b, '(']",
       "instances[0].exclude_metrics[2]: invalid regular expression \"(\": missing )"},
      {"extra_metrics regex with a bad range", "", e + "extra_metrics: ['[z-a]']",
       "instances[0].extra_metrics[0]: invalid regular expression \"[z-a]\": invalid character "
       "range \"z-a\""},
      {"extra_metrics mapping key is a bad regex", "", e + "extra_metrics: [{'go_(': x}]",
       "instances[0].extra_metrics[0]: invalid regular expression \"go_(\": missing )"},
      {"raw_line_filters regex repeats nothing", "", e + "raw_line_filters: ['*foo']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"*foo\": \"*\" has nothing "
       "to repeat"},
      {"raw_line_filters regex with a bad repeat count", "", e + "raw_line_filters: ['a{2,1}']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"a{2,1}\": invalid "
       "repetition count \"{2,1}\" (expected {n,m} with n <= m <= 1000; nested counts multiply)"},
      {"raw_line_filters regex ends in a backslash", "", e + "raw_line_filters: ['a\\']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"a\\\\\": trailing "
       "backslash"},
      {"regex repeats more than a thousand times in all", "",
       e + "raw_line_filters: ['(a{1000}){1000}']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"(a{1000}){1000}\": invalid "
       "repetition count \"{1000}\" (expected {n,m} with n <= m <= 1000; nested counts multiply)"},
      {"regex too large to compile", "", e + "raw_line_filters: ['\\pL{1000}']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"\\\\pL{1000}\": too large "
       "(compiled, it needs more than 8 MiB)"},
      {"regex longer than 1024 bytes", "",
       e + "raw_line_filters: ['" + std::string(1025, 'a') + "']",
       "instances[0].raw_line_filters[0]: invalid regular expression \"" + std::string(80, 'a') +
           "\"...: longer than 1024 bytes"},
      {"exclude_metrics_by_labels value is a bad regex", "",
       e + "exclude_metrics_by_labels: {pid: ['[0-9']}",
       "instances[0].exclude_metrics_by_labels.pid[0]: invalid regular expression \"[0-9\": "
       "missing ]"},
      {"header name with a space", "", e + "headers: {'X Bad': v}",
       "instances[0].headers: invalid header name \"X Bad\" (letters, digits and "
       "!#$%&'*+-.^_`|~ only)"},
      {"header value with a line break", "", e + "extra_headers: {X-Ok: \"a\\r\\nX-Evil: 1\"}",
       "instances[0].extra_headers.X-Ok: header values must not contain line breaks"},
  };
}

// Python syntax RE2 cannot run in linear time, refused with the construct named.
std::vector<BadCase> unsupported_regex_cases() {
  const std::string& e = kEndpoint;
  const std::string p = "instances[0].";
  return {
      {"exclude_metrics regex with a lookahead", "", e + "exclude_metrics: ['a(?=b)']",
       p + "exclude_metrics[0]: invalid regular expression \"a(?=b)\": lookahead (?=…) is not "
           "supported (RE2 syntax)"},
      {"raw_line_filters regex with a negative lookahead", "", e + "raw_line_filters: ['^(?!go_)']",
       p + "raw_line_filters[0]: invalid regular expression \"^(?!go_)\": negative lookahead "
           "(?!…) is not supported (RE2 syntax)"},
      {"extra_metrics regex with a lookbehind", "", e + "extra_metrics: ['(?<=go_)gc']",
       p + "extra_metrics[0]: invalid regular expression \"(?<=go_)gc\": lookbehind (?<=…) is "
           "not supported (RE2 syntax)"},
      {"exclude_metrics_by_labels value with a negative lookbehind", "",
       e + "exclude_metrics_by_labels: {route: ['[(](?<!a)b']}",
       p + "exclude_metrics_by_labels.route[0]: invalid regular expression \"[(](?<!a)b\": "
           "negative lookbehind (?<!…) is not supported (RE2 syntax)"},
      {"raw_line_filters regex with a backreference", "", e + "raw_line_filters: ['(a)\\1']",
       p + "raw_line_filters[0]: invalid regular expression \"(a)\\\\1\": backreference \\1 is not "
           "supported (RE2 syntax)"},
      {"exclude_metrics regex with a named backreference", "",
       e + "exclude_metrics: ['(?P<x>a)(?P=x)']",
       p + "exclude_metrics[0]: invalid regular expression \"(?P<x>a)(?P=x)\": backreference "
           "(?P=name) is not supported (RE2 syntax)"},
      {"exclude_metrics regex with a .NET-style named group", "",
       e + "exclude_metrics: ['(?<x>a)']",
       p + "exclude_metrics[0]: invalid regular expression \"(?<x>a)\": named group (?<name>…) is "
           "not supported (RE2 syntax); write (?P<name>…)"},
      {"raw_line_filters regex with Python's end-of-text escape", "",
       e + "raw_line_filters: ['a\\Z']",
       p + "raw_line_filters[0]: invalid regular expression \"a\\\\Z\": \\Z is not supported (RE2 "
           "syntax); write \\z"},
      {"raw_line_filters regex with the verbose flag", "", e + "raw_line_filters: ['(?x) a']",
       p + "raw_line_filters[0]: invalid regular expression \"(?x) a\": unsupported group or flag "
           "\"(?x\" (RE2 syntax: (?:…), (?P<name>…), flags i, m, s, U)"},
  };
}

std::vector<BadCase> text_cases() {
  const std::string& e = kEndpoint;
  return {
      {"empty instance", "", "",
       "instances[0]: empty configuration; expected a mapping with at "
       "least \"openmetrics_endpoint\""},
      {"instance with only comments", "", "# nothing here\n\n  # really\n",
       "instances[0]: empty configuration; expected a mapping with at least "
       "\"openmetrics_endpoint\""},
      {"instance is a list", "", "- openmetrics_endpoint: http://x",
       "instances[0]: expected a mapping, got a list"},
      {"instance is a word", "", "hello", "instances[0]: expected a mapping, got \"hello\""},
      {"init_config is a number", "3", e, "init_config: expected a mapping, got 3"},
      {"unclosed flow sequence", "", e + "tags: [a,\nb: c",
       "instances[0]: invalid YAML at line 3 col 1: end of sequence flow not found"},
      {"bad indentation", "", e + "  timeout: 3",
       "instances[0]: invalid YAML at line 2 col 10: illegal map value"},
      {"invalid YAML in init_config", "a: 'unterminated", e,
       "init_config: invalid YAML at line 1 col 17: illegal EOF in scalar"},
      // yaml-cpp 0.7's LoadAll never returns on these (found by fuzz_config).
      {"a JSON instance followed by a comma", "",
       "{\"openmetrics_endpoint\": \"http://x\"}, \"timeout\": 3",
       "instances[0]: invalid YAML at line 1 col 37: end of map not found"},
      {"a flow sequence followed by a comma on the next line", "", "# c\n[a]\n, b",
       "instances[0]: invalid YAML at line 3 col 1: unexpected ','"},
      {"a quoted init_config followed by a comma", "'it''s', x", e,
       "init_config: invalid YAML at line 1 col 8: unexpected ','"},
      {"a second document's root followed by a comma", "", e + "---\n!!map &x {a: 1} , b",
       "instances[0]: invalid YAML at line 3 col 17: unexpected ','"},
      {"a text that starts with a comma", "", "  ,exclude_metrics: [a]",
       "instances[0]: invalid YAML at line 1 col 3: unexpected ','"},
      {"a comma after a top-level list", "", "- a\n,b",
       "instances[0]: invalid YAML at line 2 col 1: unexpected ','"},
      {"many documents", "", repeat(e + "---\n", 20),
       "instances[0]: expected one YAML document, got 16 or more (separated by ---)"},
      {"two documents", "", e + "---\n" + e,
       "instances[0]: expected one YAML document, got 2 (separated by ---)"},
      {"NUL bytes", "", "openmetrics_endpoint: http://x\0\0"s,
       "instances[0]: not a text file: control character 0x00 at line 1 col 31"},
      {"binary garbage", "",
       "\x7f"
       "ELF\x02\x01\x01\x00\x00"s,
       "instances[0]: not a text file: control character 0x7f at line 1 col 1"},
      {"Latin-1 text", "", e + "service: caf\xe9",
       "instances[0]: not valid UTF-8 at line 2 col 13 (byte 0xe9)"},
      {"overlong UTF-8", "", e + "service: \xc0\xaf",
       "instances[0]: not valid UTF-8 at line 2 col 10 (byte 0xc0)"},
      {"UTF-16 text", "", "\xff\xfeo\0p\0"s,
       "instances[0]: not valid UTF-8 at line 1 col 1 (byte 0xff)"},
      {"NUL smuggled in by an escape", "", e + "service: \"a\\0b\"",
       "instances[0].service: strings must not contain NUL characters at line 2 col 10"},
      {"lone surrogate escape", "", e + "service: \"\\ud800\"",
       "instances[0]: invalid YAML at line 2 col 17: invalid unicode: 55296"},
      {"unknown tag", "", e + "service: !vault secret/krakend",
       "instances[0].service: unsupported YAML tag \"!vault\" at line 2 col 10"},
      {"wrongly tagged integer", "", e + "timeout: !!int ten",
       "instances[0].timeout: \"ten\" is not a valid !!int value at line 2 col 10"},
      {"text larger than 1 MiB", "", e + "# " + std::string(1 << 20, 'x'),
       "instances[0]: configuration text is larger than 1048576 bytes"},
      {"alias bomb", "", alias_bomb(),
       "instances[0]: more than 100000 values after expanding aliases"},
      {"nesting deeper than the loader allows", "", e + "x: " + repeat("[", 70) + repeat("]", 70),
       "instances[0].x" + repeat("[0]", 64) + ": nesting deeper than 64 levels"},
      {"nesting deeper than the YAML parser allows", "", e + "x: " + repeat("[", 3000),
       "instances[0]: invalid YAML at line 2 col 1: nesting is too deep"},
  };
}

// A secret's text must not reach a message, whichever check refuses it.
struct SecretCase {
  std::string name;
  std::string init;
  std::string instance;
  std::string secret;   // must not appear
  std::string message;  // exact error, naming the key path
};

std::vector<SecretCase> secret_cases() {
  const std::string& e = kEndpoint;
  const std::string u = "username: u\n";
  const std::string p = "instances[0].openmetrics_endpoint: ";
  return {
      {"password tagged !!int", "", e + u + "password: !!int hunter2", "hunter2",
       "instances[0].password: the value is not a valid !!int value at line 3 col 11"},
      {"password tagged !!bool", "", e + u + "password: !!bool hunter2", "hunter2",
       "instances[0].password: the value is not a valid !!bool value at line 3 col 11"},
      {"password item tagged !!null", "", e + u + "password: [!!null hunter2]", "hunter2",
       "instances[0].password[0]: the value is not a valid !!null value at line 3 col 12"},
      {"Authorization header tagged !!int", "", e + "headers: {Authorization: !!int Bearer s3cr3t}",
       "s3cr3t",
       "instances[0].headers.Authorization: the value is not a valid !!int value at line 2 col 26"},
      {"header tagged !!float", "", e + "headers: {A: !!float s3cr3t}", "s3cr3t",
       "instances[0].headers.A: the value is not a valid !!float value at line 2 col 14"},
      {"extra_headers value tagged !!float", "", e + "extra_headers: {X-Api-Key: !!float s3cr3t}",
       "s3cr3t",
       "instances[0].extra_headers.X-Api-Key: the value is not a valid !!float value at line 2 "
       "col 28"},
      {"auth_token tagged !!int", "", e + "auth_token: !!int /run/s3cr3t", "s3cr3t",
       "instances[0].auth_token: the value is not a valid !!int value at line 2 col 13"},
      {"token pasted as auth_token's writer value", "",
       e + "auth_token: {reader: {type: file, path: /t}, writer: {type: header, name: "
           "Authorization, value: 'Bearer s3cr3t'}}",
       "s3cr3t", "instances[0].auth_token.writer.value: expected \"Bearer <TOKEN>\", got a string"},
      {"endpoint with credentials and another scheme", "",
       "openmetrics_endpoint: 'ftp://u:s3cr3t@h/metrics'", "s3cr3t",
       p + "expected an http:// or https:// URL, got \"ftp://***@h/metrics\""},
      {"endpoint with credentials tagged !!int", "",
       "openmetrics_endpoint: !!int http://u:s3cr3t@h/metrics", "s3cr3t",
       p + "\"http://***@h/metrics\" is not a valid !!int value at line 1 col 23"},
      {"endpoint whose password holds an unescaped /", "",
       "openmetrics_endpoint: 'http://u:s3/cr3t@h/metrics'", "cr3t",
       p + "expected a port between 1 and 65535 in the URL, got \"http://***@h/metrics\""},
      {"proxy whose password holds an unescaped ?", "",
       e + "proxy: {http: 'http://u:s3?cr3t@p:3128'}", "cr3t",
       "instances[0].proxy.http: expected a port between 1 and 65535 in the URL, got "
       "\"http://***@p:3128\""},
  };
}

std::vector<BadCase> all_cases() {
  std::vector<BadCase> all;
  for (auto* group : {&type_and_range_cases, &key_cases, &url_cases, &regex_cases,
                      &unsupported_regex_cases, &text_cases}) {
    for (auto& c : group()) all.push_back(std::move(c));
  }
  for (auto& c : secret_cases()) {
    all.push_back(
        {std::move(c.name), std::move(c.init), std::move(c.instance), std::move(c.message)});
  }
  return all;
}

}  // namespace

TEST_CASE("A bad configuration is refused with a message naming the key and the problem",
          "[config][bad]") {
  const BadCase c = GENERATE(from_range(all_cases()));
  INFO(c.name);
  const auto result = kcheck::config::load_instance(c.init, c.instance, 0);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == kcheck::StatusCode::kInvalidArgument);
  CHECK(result.status().message() == c.message);
}

TEST_CASE("There are at least forty distinct bad configurations", "[config][bad]") {
  const auto cases = all_cases();
  CHECK(cases.size() >= 40);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (std::size_t j = i + 1; j < cases.size(); ++j) {
      INFO(cases[i].name << " / " << cases[j].name);
      CHECK_FALSE((cases[i].init == cases[j].init && cases[i].instance == cases[j].instance));
    }
  }
}

TEST_CASE("Messages name the instance by its index", "[config][bad]") {
  const auto result = kcheck::config::load_instance("", kEndpoint + "timeout: ten", 3);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() == "instances[3].timeout: expected a number > 0, got \"ten\"");
}

TEST_CASE("A long offending value is cut in the message", "[config][bad]") {
  const std::string long_value(200, 'a');
  const auto result = kcheck::config::load_instance("", kEndpoint + "timeout: " + long_value, 0);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "instances[0].timeout: expected a number > 0, got \"" + std::string(80, 'a') + "\"...");
}

TEST_CASE("A secret's value is not in the message, its key path is", "[config][bad][secret]") {
  const SecretCase c = GENERATE(from_range(secret_cases()));
  INFO(c.name);
  const auto result = kcheck::config::load_instance(c.init, c.instance, 0);
  REQUIRE_FALSE(result.ok());
  const std::string& message = result.status().message();
  CHECK(message.find(c.secret) == std::string::npos);
  CHECK(message.rfind(c.message.substr(0, c.message.find(": ")), 0) == 0);
}

TEST_CASE("A secret at conf.yaml's top level or in an instance is not in the message",
          "[config][bad][secret]") {
  const auto [text, message] = GENERATE(table<std::string, std::string>({
      {"instances:\n  - openmetrics_endpoint: http://h/m\n    password: !!int hunter2\n",
       "instances[0].password: the value is not a valid !!int value at line 3 col 15"},
      {"instances:\n  - openmetrics_endpoint: http://h/m\npassword: !!float hunter2\n",
       "password: the value is not a valid !!float value at line 3 col 11"},
      {"instances: 'http://u:hunter2@h/m'\n",
       "instances: expected a non-empty list, got \"http://***@h/m\""},
  }));
  const auto result = kcheck::config::split_conf_yaml(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message().find("hunter2") == std::string::npos);
  CHECK(result.status().message() == message);
}
