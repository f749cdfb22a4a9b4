// Counting the documents of a YAML text without building them.
//
// yaml-cpp 0.7 (Debian 12) has inputs on which YAML::LoadAll never returns: a ',' where a
// document's next node should start (",a", "{a: 1}, b", "- a\n,b") makes the parser
// report an empty document again and again without consuming the token, and LoadAll
// collects them until memory runs out. Found by the config fuzzer
// (tests/fuzz/regressions/fuzz_config/timeout-*). Walking the documents with an event
// handler that builds nothing shows that lack of progress, so it can be reported instead.
#pragma once

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>

namespace kcheck::config {

struct DocumentScan {
  int count = 0;  ///< documents seen, at most the `max_documents` asked for
  /// Where the parser stopped making progress (the token it cannot consume), if it did.
  std::optional<YAML::Mark> stuck;
};

/// Walks the documents of `text` with yaml-cpp's event parser, stopping after
/// `max_documents` or when a document starts where the previous one did. Throws what
/// yaml-cpp throws for invalid YAML (YAML::ParserException ...), like YAML::LoadAll.
DocumentScan scan_documents(const std::string& text, int max_documents);

}  // namespace kcheck::config
