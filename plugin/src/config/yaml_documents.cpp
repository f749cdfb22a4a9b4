#include "config/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace kcheck::config {

namespace {

// Records where each document starts; every other event is ignored.
class DocumentStarts final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark last = YAML::Mark::null_mark();
};

}  // namespace

DocumentScan scan_documents(const std::string& text, int max_documents) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  DocumentScan scan;
  int previous_pos = -1;
  while (scan.count < max_documents && parser.HandleNextDocument(starts)) {
    if (starts.last.pos == previous_pos) {
      scan.stuck = starts.last;
      return scan;
    }
    previous_pos = starts.last.pos;
    ++scan.count;
  }
  return scan;
}

}  // namespace kcheck::config
